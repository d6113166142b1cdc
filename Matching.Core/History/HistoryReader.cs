using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Matching.Core.Contracts;
using Matching.Core.Validation;

namespace Matching.Core.History;

/// <summary>A line of a history file that cannot be used, and why.</summary>
public sealed record HistoryLineError(int Line, string Reason);

/// <summary>A valid line of a history file.</summary>
public sealed record HistoryLine(int Line, HistoricalMission Mission);

/// <summary>
/// Reads the lines of a staffing history (JSON Lines, one <see cref="HistoricalMission"/> per line),
/// validating each with the same rules as the API.
/// </summary>
public static class HistoryReader
{
    public static (HistoryLine? Valid, HistoryLineError? Error) Parse(int number, string text, MatchRequestValidator validator)
    {
        HistoricalMission? mission;
        try
        {
            mission = JsonSerializer.Deserialize(text, HistoryJson.Default.HistoricalMission);
        }
        catch (JsonException e)
        {
            return (null, new HistoryLineError(number, JsonContractErrors.Describe(e, HistoryJson.Default.HistoricalMission).ToString()));
        }

        if (mission is null)
        {
            return (null, new HistoryLineError(number, "the line is JSON null, not a mission"));
        }

        var errors = Validate(mission, validator);
        return errors.IsEmpty ? (new HistoryLine(number, mission), null) : (null, new HistoryLineError(number, errors.ToString()));
    }

    public static ValidationErrors Validate(HistoricalMission line, MatchRequestValidator validator)
    {
        var errors = new ValidationErrors();
        if (line.Mission is null)
        {
            errors.Add("mission", "A mission is required.");
        }
        else
        {
            validator.ValidateMission(line.Mission, "mission", errors);
            if (string.IsNullOrWhiteSpace(line.Mission.Id))
            {
                errors.Add("mission.id", "Historical missions need an id.");
            }
        }

        if (line.DecidedAt is null)
        {
            errors.Add("decidedAt", "The decision date (yyyy-MM-dd) is required.");
        }

        if (line.Candidates is not { Count: > 0 })
        {
            errors.Add("candidates", "At least one candidate is required.");
            return errors;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < line.Candidates.Count; i++)
        {
            var entry = line.Candidates[i];
            if (entry?.Candidate is null)
            {
                errors.Add($"candidates[{i}].candidate", "A candidate snapshot is required.");
            }
            else
            {
                validator.ValidateCandidate(entry.Candidate, $"candidates[{i}].candidate", errors);
                if (entry.Candidate.Id is { } id && !ids.Add(id))
                {
                    errors.Add($"candidates[{i}].candidate.id", "Candidate ids must be unique within a mission.");
                }
            }

            if (entry?.Outcome is null)
            {
                errors.Add($"candidates[{i}].outcome", $"An outcome is required: {JsonContractErrors.OneOf(typeof(Outcome))}.");
            }
            else if (!Enum.IsDefined(entry.Outcome.Value))
            {
                errors.Add($"candidates[{i}].outcome", $"Expected {JsonContractErrors.OneOf(typeof(Outcome))}.");
            }

            if (entry?.Rating is { } rating && (rating < 1 || rating > 5))
            {
                errors.Add($"candidates[{i}].rating", "Rating must be between 1 and 5.");
            }
        }

        return errors;
    }
}

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
/// <param name="Byte">1-based byte position in the line where reading stopped, when known.</param>
public sealed record JsonFault(JsonFaultKind Kind, string Path, string Message, long? Line, long? Byte)
{
    public override string ToString() => Path == "$" ? Message : $"{Path}: {Message}";
}

/// <summary>
/// Says what a <see cref="JsonException"/> raised while reading a contract means, in the contract's words: the
/// field's path and what belongs there — the type, its allowed range and, for enumerations, the allowed values —
/// instead of the serializer's "could not be converted to Matching.Core.Contracts.CandidateSkill". Works for any
/// source-generated contract (history lines, API bodies).
/// </summary>
public static partial class JsonContractErrors
{
    /// <summary>"$.candidates[3].skills[0].level" → "candidates[3].skills[0].level"; "$" stays.</summary>
    public static string FieldPath(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "$" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath;

    public static JsonFault Describe(JsonException e, JsonTypeInfo contract)
    {
        var path = FieldPath(e.Path);
        var line = e.LineNumber is { } l ? l + 1 : (long?)null;
        var at = e.BytePositionInLine is { } b ? b + 1 : (long?)null;
        if (UnknownMember().Match(e.Message) is { Success: true } unknown)
        {
            var fields = FieldsAt(contract, ParentPath(e.Path));
            return new JsonFault(JsonFaultKind.UnknownField, path,
                fields is null ? $"unknown field '{unknown.Groups[1].Value}'" : $"unknown field '{unknown.Groups[1].Value}' (the fields here are {fields})", line, at);
        }

        // The reader's own syntax errors carry their position in the message and no "Path:", which the serializer's have.
        if (e.InnerException is null && e.Message.Contains("| BytePositionInLine:", StringComparison.Ordinal) && !e.Message.Contains("Path:", StringComparison.Ordinal))
        {
            return Malformed(e, line, at);
        }

        if (e.InnerException is InvalidOperationException { Message: var reason } && reason.Contains("invalid UTF", StringComparison.OrdinalIgnoreCase))
        {
            return new JsonFault(JsonFaultKind.InvalidText, path, "expected Unicode text (this string has invalid UTF-8 or an unpaired surrogate)", line, at);
        }

        if (e.InnerException is null && e.Message.StartsWith("Duplicate", StringComparison.Ordinal))
        {
            return new JsonFault(JsonFaultKind.DuplicateField, path, "this field is given twice", line, at);
        }

        // Our own readers and converters say what they expected themselves ("Expected an array of strings").
        if (e.InnerException is null && e.Message.StartsWith("Expected ", StringComparison.Ordinal))
        {
            return new JsonFault(JsonFaultKind.WrongType, path, $"expected {e.Message["Expected ".Length..].TrimEnd('.')}", line, at);
        }

        // Broken syntax comes wrapped in a JsonException; anything else is a well-formed value of the wrong type.
        return e.InnerException is not JsonException && Expected(contract, e.Path) is { } expected
            ? new JsonFault(JsonFaultKind.WrongType, path, $"expected {expected}", line, at)
            : Malformed(e, line, at);
    }

    /// <summary>What the contract accepts at a JSON path such as "$.mission.skills[0].level": "a whole number 1–5".</summary>
    public static string? Expected(JsonTypeInfo contract, string? jsonPath)
    {
        var (type, owner, name) = TypeAt(contract, jsonPath);
        if (type is null)
        {
            return null;
        }

        var range = owner is not null && name is not null && Ranges.TryGetValue((owner, name), out var r) ? $" {r}" : "";
        return (Nullable.GetUnderlyingType(type) ?? type) switch
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
            var t => FieldsAt(contract, t) is { } fields ? $"an object with the fields {fields}" : "an object",
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
        [(typeof(HistoricalCandidate), "rating")] = "1–5",
    };

    static JsonFault Malformed(JsonException e, long? line, long? at)
    {
        var message = e.Message;
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        var reason = (end < 0 ? message : message[..end]).TrimEnd('.');
        var position = at is { } b ? string.Create(CultureInfo.InvariantCulture, $" at byte {b}") : "";
        return new JsonFault(JsonFaultKind.Malformed, "$", $"not valid JSON{position}: {reason}", line, at);
    }

    static string? ParentPath(string? jsonPath)
    {
        if (jsonPath is null)
        {
            return null;
        }

        var dot = jsonPath.LastIndexOf('.');
        return dot <= 0 ? "$" : jsonPath[..dot];
    }

    /// <summary>"mission, decidedAt, candidates": the fields of the object at a path, or of a type.</summary>
    static string? FieldsAt(JsonTypeInfo contract, string? jsonPath) =>
        TypeAt(contract, jsonPath).Type is { } type ? FieldsAt(contract, type) : null;

    static string? FieldsAt(JsonTypeInfo contract, Type type)
    {
        try
        {
            var info = contract.Options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
            return info.Kind == JsonTypeInfoKind.Object && info.Properties.Count > 0 ? string.Join(", ", info.Properties.Select(p => p.Name)) : null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    static Type? ElementOf(Type type) =>
        type.IsArray ? type.GetElementType() : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0] : null;

    /// <summary>The .NET type the contract has at a JSON path, with the type and JSON name of the field holding it.</summary>
    static (Type? Type, Type? Owner, string? Name) TypeAt(JsonTypeInfo root, string? path)
    {
        if (path is null || !path.StartsWith('$'))
        {
            return (null, null, null);
        }

        Type? type = root.Type;
        Type? owner = null;
        string? name = null;
        foreach (Match segment in PathSegment().Matches(path[1..]))
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
                JsonTypeInfo info;
                try
                {
                    info = root.Options.GetTypeInfo(Nullable.GetUnderlyingType(type!) ?? type!);
                }
                catch (NotSupportedException)
                {
                    return (null, null, null);
                }

                var property = info.Properties.FirstOrDefault(p => string.Equals(p.Name, field, StringComparison.Ordinal))
                    ?? info.Properties.FirstOrDefault(p => string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase));
                owner = info.Type;
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

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnknownMember();

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();
}
