using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Matching.Core.Contracts;

/// <summary>What kind of fault a <see cref="JsonFault"/> is.</summary>
public enum JsonFaultKind
{
    /// <summary>Broken JSON syntax.</summary>
    Malformed,

    /// <summary>Well-formed JSON of the wrong type (or out of the type's range) for its field.</summary>
    WrongType,

    UnknownField,

    DuplicateField,

    /// <summary>Text that is not Unicode (invalid UTF-8, an unpaired surrogate).</summary>
    InvalidText,
}

/// <param name="Path">The field at fault, as the contract names it ("candidates[2].candidate.skills[0].level"), or "$" for the whole document.</param>
/// <param name="Message">What is wrong there, e.g. "expected a whole number 1–5".</param>
/// <param name="Line">1-based line where reading stopped, when known (broken syntax).</param>
/// <param name="Byte">1-based byte position in that line, when known.</param>
public sealed record JsonFault(JsonFaultKind Kind, string Path, string Message, long? Line = null, long? Byte = null)
{
    /// <summary>" (line 3, byte 2)" when the position is known.</summary>
    public string Position => Line is { } line ? string.Create(CultureInfo.InvariantCulture, $" (line {line}, byte {Byte})") : "";

    /// <summary>The message as a sentence, for problem details: "Expected a whole number 1–5."</summary>
    public string Sentence => $"{char.ToUpperInvariant(Message[0])}{Message[1..]}{Position}.";

    /// <summary>The fault inside the value at <paramref name="prefix"/> ("candidates[3]"), its path made whole.</summary>
    public JsonFault Within(string prefix) => this with { Path = Path == "$" ? prefix : $"{prefix}.{Path}" };

    public override string ToString() => Path == "$" ? $"{Message}{Position}" : $"{Path}: {Message}{Position}";
}

/// <summary>
/// The JSON does not follow the contract: thrown by our readers, where the fault is found, with its path and what
/// belongs there. Never recovered by parsing a library's messages.
/// </summary>
public sealed class ContractException(JsonFault fault) : Exception(fault.ToString())
{
    public JsonFault Fault { get; } = fault;

    public static ContractException Wrong(string path, string expected) => new(new JsonFault(JsonFaultKind.WrongType, path, $"expected {expected}"));
}

/// <summary>
/// Reads contracts with System.Text.Json and, when it refuses a document, finds the fault ourselves: a second pass
/// over the bytes, on failure only, walks the JSON beside the contract's metadata and names the first fault in
/// document order — broken syntax with its position, text that is not Unicode, a duplicate or unknown field, a
/// value of the wrong JSON type — or, failing those, a value the serializer could not convert (an overflowing
/// number, a malformed date), at the path the serializer reports. Works for any source-generated contract.
/// </summary>
public static partial class JsonContractErrors
{
    /// <summary><see cref="JsonSerializer.Deserialize{T}(ReadOnlySpan{byte}, JsonTypeInfo{T})"/>, with faults as <see cref="ContractException"/>.</summary>
    public static T? Deserialize<T>(ReadOnlySpan<byte> json, JsonTypeInfo<T> contract)
    {
        try
        {
            return JsonSerializer.Deserialize(json, contract);
        }
        catch (JsonException e)
        {
            throw new ContractException(Diagnose(json, contract, e.Path, out _));
        }
    }

    /// <summary>The same for text (a line of a history file).</summary>
    public static T? Deserialize<T>(string json, JsonTypeInfo<T> contract)
    {
        try
        {
            return JsonSerializer.Deserialize(json, contract);
        }
        catch (JsonException e)
        {
            throw new ContractException(Diagnose(System.Text.Encoding.UTF8.GetBytes(json), contract, e.Path, out _));
        }
    }

    /// <summary>The serializer's path as problems name fields; none is the document itself, "$".</summary>
    static string ProblemPath(string? jsonPath) => string.IsNullOrEmpty(jsonPath) ? "$" : Validation.FieldPath.WithoutRoot(jsonPath);

    /// <summary>
    /// The first fault of the JSON document <paramref name="json"/> against <paramref name="contract"/> (with
    /// <paramref name="valueOnly"/>, of the value that opens it: anything after that value is not read);
    /// <paramref name="serializerPath"/> is where the serializer stopped, used when the walk finds nothing structural.
    /// <paramref name="position"/> is the 0-based line and byte of a syntax fault.
    /// </summary>
    public static JsonFault Diagnose(ReadOnlySpan<byte> json, JsonTypeInfo contract, string? serializerPath, out (long Line, long Byte)? position, bool valueOnly = false)
    {
        position = null;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowMultipleValues = valueOnly });
        var frames = new Stack<Frame>();
        string path = "$";
        Type? type = contract.Type;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    frames.Pop();
                    if (frames.Count == 0)
                    {
                        break;
                    }

                    continue;
                }

                var frame = frames.Count > 0 ? frames.Peek() : null;
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    string name;
                    try
                    {
                        name = reader.GetString()!;
                    }
                    catch (InvalidOperationException)
                    {
                        return JsonText.InvalidText(frame!.Path);
                    }

                    (path, type) = (Join(frame!.Path, name), null);
                    if (!frame.Seen.Add(name))
                    {
                        return new JsonFault(JsonFaultKind.DuplicateField, path, $"duplicate field '{name}'");
                    }

                    if (frame.Info is { } info)
                    {
                        var property = info.Properties.FirstOrDefault(p => p.Name == name);
                        if (property is null)
                        {
                            return Unknown(contract, path, name);
                        }

                        type = property.PropertyType;
                    }

                    continue;
                }

                if (frame is { IsArray: true })
                {
                    (path, type) = ($"{frame.Path}[{frame.Count++}]", frame.Element);
                }

                if (type is not null && !Fits(reader.TokenType, type))
                {
                    return Wrong(contract, path);
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        frames.Push(new Frame(path, ObjectInfo(contract, type), null, false));
                        break;
                    case JsonTokenType.StartArray:
                        frames.Push(new Frame(path, null, type is null ? null : ElementOf(Underlying(type)), true));
                        break;
                    case JsonTokenType.String:
                        try
                        {
                            reader.GetString();
                        }
                        catch (InvalidOperationException)
                        {
                            return JsonText.InvalidText(path);
                        }

                        break;
                }

                if (frames.Count == 0)
                {
                    break;
                }
            }

            if (!valueOnly && reader.TokenType != JsonTokenType.None)
            {
                // Content after the document is broken syntax the reader reports.
                reader.Read();
            }
        }
        catch (JsonException e)
        {
            // The reader's own exception: broken syntax, in the field where reading stopped.
            position = (e.LineNumber ?? 0, e.BytePositionInLine ?? 0);
            return new JsonFault(JsonFaultKind.Malformed, frames.Count == 0 ? "$" : path, "malformed JSON", position.Value.Line + 1, position.Value.Byte + 1);
        }

        return reader.TokenType == JsonTokenType.None
            ? new JsonFault(JsonFaultKind.Malformed, "$", "the body is empty; expected a JSON value")
            : Wrong(contract, ProblemPath(serializerPath));
    }

    /// <summary>What the contract accepts at a field path such as "mission.skills[0].level": "a whole number 1–5".</summary>
    public static string? Expected(JsonTypeInfo contract, string? path)
    {
        var (type, owner, name) = TypeAt(contract, path);
        if (type is null)
        {
            return null;
        }

        var range = owner is not null && name is not null && Ranges.TryGetValue((owner, name), out var r) ? $" {r}" : "";
        return Underlying(type) switch
        {
            var t when t.IsEnum => OneOf(t),
            var t when t == typeof(int) || t == typeof(long) => $"a whole number{range}",
            var t when t == typeof(double) || t == typeof(float) => $"a number{range}",
            var t when t == typeof(bool) => "true or false",
            var t when t == typeof(DateOnly) => "a date as yyyy-MM-dd",
            var t when t == typeof(string) => "a string",
            var t when ElementOf(t) == typeof(string) => "an array of strings",
            var t when ElementOf(t) is { IsClass: true } => "an array of objects",
            var t when ElementOf(t) is not null => "an array",
            var t => ObjectInfo(contract, t) is { } info ? $"an object with the fields {Fields(info)}" : "an object",
        };
    }

    /// <summary>"one of staffed, shortlisted, proposed, rejected, declined": an enumeration's names as the contract spells them.</summary>
    public static string OneOf(Type enumeration) =>
        "one of " + string.Join(", ", enumeration.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(f.Name)));

    /// <summary>The ranges the validator enforces, said where a value of the wrong type is found.</summary>
    static readonly Dictionary<(Type Owner, string Field), string> Ranges = new()
    {
        [(typeof(MissionSkill), "level")] = "1–5",
        [(typeof(MissionSkill), "weight")] = "greater than 0 and at most 1000",
        [(typeof(Mission), "capacity")] = "greater than 0 and at most 1 (share of full time)",
        [(typeof(CandidateSkill), "level")] = "1–5",
        [(typeof(CandidateSkill), "years")] = "0–70",
        [(typeof(Experience), "rating")] = "1–5",
        [(typeof(AvailabilityWindow), "capacity")] = "0–1 (free share of full time)",
        [(typeof(Candidate), "activeMissions")] = "0–100",
        [(typeof(History.HistoricalCandidate), "rating")] = "1–5",
    };

    /// <summary>An unknown field at <paramref name="path"/>, with the fields its object has.</summary>
    public static JsonFault Unknown(JsonTypeInfo contract, string path, string name)
    {
        var dot = path.LastIndexOf('.');
        var fields = ObjectInfo(contract, TypeAt(contract, dot < 0 ? "$" : path[..dot]).Type) is { } info ? $" (the fields here are {Fields(info)})" : "";
        return new JsonFault(JsonFaultKind.UnknownField, path, $"unknown field '{name}'{fields}");
    }

    static JsonFault Wrong(JsonTypeInfo contract, string path) =>
        new(JsonFaultKind.WrongType, path, Expected(contract, path) is { } expected ? $"expected {expected}" : "not a value this field accepts");

    static string Join(string parent, string name) => parent == "$" ? name : $"{parent}.{name}";

    /// <summary>Whether a JSON token can start a value of <paramref name="type"/> (null always can: every field is optional).</summary>
    static bool Fits(JsonTokenType token, Type type)
    {
        var t = Underlying(type);
        return token switch
        {
            JsonTokenType.Null => true,
            JsonTokenType.String => t == typeof(string) || t == typeof(DateOnly) || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t.IsEnum,
            JsonTokenType.Number => t == typeof(int) || t == typeof(long) || t == typeof(double) || t == typeof(float) || t == typeof(decimal),
            JsonTokenType.True or JsonTokenType.False => t == typeof(bool),
            JsonTokenType.StartArray => ElementOf(t) is not null,
            JsonTokenType.StartObject => !t.IsPrimitive && !t.IsEnum && t != typeof(string) && ElementOf(t) is null && t != typeof(DateOnly),
            _ => true,
        } || t == typeof(object) || t == typeof(JsonElement);
    }

    static Type Underlying(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    static JsonTypeInfo? ObjectInfo(JsonTypeInfo contract, Type? type)
    {
        if (type is null)
        {
            return null;
        }

        try
        {
            var info = contract.Options.GetTypeInfo(Underlying(type));
            return info.Kind == JsonTypeInfoKind.Object ? info : null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    static string Fields(JsonTypeInfo info) => string.Join(", ", info.Properties.Select(p => p.Name));

    static Type? ElementOf(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericTypeDefinition() is var g && (g == typeof(List<>) || g == typeof(IReadOnlyList<>) || g == typeof(IList<>)) ? type.GetGenericArguments()[0]
        : null;

    /// <summary>The .NET type the contract has at a field path, with the type and JSON name of the field holding it.</summary>
    static (Type? Type, Type? Owner, string? Name) TypeAt(JsonTypeInfo root, string? path)
    {
        if (path is null)
        {
            return (null, null, null);
        }

        Type? type = root.Type;
        Type? owner = null;
        string? name = null;
        foreach (Match segment in PathSegment().Matches(path == "$" ? "" : path))
        {
            if (segment.Groups["index"].Success)
            {
                type = ElementOf(type!);
                owner = null;
                name = null;
            }
            else
            {
                var field = segment.Groups["name"].Value;
                var info = ObjectInfo(root, type);
                var property = info?.Properties.FirstOrDefault(p => p.Name == field);
                owner = info?.Type;
                name = property?.Name;
                type = property?.PropertyType;
            }

            if (type is null)
            {
                return (null, null, null);
            }
        }

        return (type, owner, name);
    }

    /// <summary>One object or array being walked: its path, its contract (for an object) or element type (for an array).</summary>
    sealed class Frame(string path, JsonTypeInfo? info, Type? element, bool isArray)
    {
        public string Path { get; } = path;

        public JsonTypeInfo? Info { get; } = info;

        public Type? Element { get; } = element;

        public bool IsArray { get; } = isArray;

        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

        public int Count { get; set; }
    }

    [GeneratedRegex(@"(?:^|\.)(?<name>[^.\[]+)|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();
}
