using System.Text.Json;

namespace Matching.Core.Contracts;

/// <summary>
/// A POST /v1/match body kept as UTF-8: the mission and options are read at once, each candidate only
/// when asked for, so a 10,000-candidate request never becomes one large object graph that the garbage
/// collector has to carry through every collection. Same contract and same errors as
/// <see cref="MatchRequest"/>: unknown fields, wrong types and broken JSON throw <see cref="JsonException"/>
/// with the JSON path of the fault.
/// </summary>
public sealed class MatchDocument
{
    readonly ReadOnlyMemory<byte> body;
    readonly List<(int Start, int Length)> candidates = [];

    MatchDocument(ReadOnlyMemory<byte> body) => this.body = body;

    public Mission? Mission { get; private set; }

    public int? Top { get; private set; }

    public bool? Explain { get; private set; }

    public bool? AllInterpretations { get; private set; }

    /// <summary>False when the body has no <c>candidates</c> array at all.</summary>
    public bool HasCandidates { get; private set; }

    public int CandidateCount => candidates.Count;

    /// <summary>
    /// Reads the body's outline: the mission and options in full, the candidates only located (their
    /// brackets and strings followed; each candidate's own syntax is checked when it is read).
    /// </summary>
    public static MatchDocument Parse(ReadOnlyMemory<byte> body)
    {
        var document = new MatchDocument(body);
        int skippedFrom = 0, resumedAt = 0;
        try
        {
            document.ParseOutline(ref skippedFrom, ref resumedAt);
        }
        catch (JsonException e) when (resumedAt > 0 && e.LineNumber is { } line)
        {
            // After the candidates the reader resumed at the array's end with the position it had at the array's
            // start: move what it counts since then to where it really is.
            var (fromLine, fromByte) = Position(body.Span, skippedFrom);
            var lines = line - fromLine;
            var bytes = lines == 0 ? e.BytePositionInLine - fromByte : e.BytePositionInLine;
            var (atLine, atByte) = Position(body.Span, resumedAt);
            throw new JsonException(e.Message, e.Path, atLine + lines, lines == 0 ? atByte + bytes : bytes, e.InnerException);
        }

        return document;
    }

    void ParseOutline(ref int skippedFrom, ref int resumedAt)
    {
        var reader = new Utf8JsonReader(body.Span);
        if (!reader.Read())
        {
            throw new JsonException("The body is empty; expected a JSON object.", "$", 0, 0);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Wrong("an object", "$");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name;
            try
            {
                name = JsonText.GetString(ref reader);
            }
            catch (JsonException e)
            {
                throw new JsonException(e.Message, "$", null, null);
            }

            if (!seen.Add(name))
            {
                throw new JsonException($"Duplicate field '{name}'", $"$.{name}", null, null);
            }

            reader.Read();
            switch (name)
            {
                case "mission":
                    Mission = reader.TokenType == JsonTokenType.Null ? null : ReadNested(ref reader, MatchingJson.Default.Mission, "$.mission");
                    break;
                case "candidates":
                    if (LocateCandidates(ref reader) is { } end)
                    {
                        // Carry on from the array's closing bracket, in the state the reader had after its opening one.
                        skippedFrom = (int)reader.BytesConsumed;
                        resumedAt = end;
                        reader = new Utf8JsonReader(body.Span[end..], isFinalBlock: true, reader.CurrentState);
                        reader.Read();
                    }

                    break;
                case "top":
                    Top = reader.TokenType == JsonTokenType.Null ? null
                        : reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var top) ? top
                        : throw Wrong("a whole number", "$.top");
                    break;
                case "explain":
                    Explain = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False => false,
                        JsonTokenType.Null => null,
                        _ => throw Wrong("true or false", "$.explain"),
                    };
                    break;
                case "allInterpretations":
                    AllInterpretations = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False => false,
                        JsonTokenType.Null => null,
                        _ => throw Wrong("true or false", "$.allInterpretations"),
                    };
                    break;
                default:
                    throw new JsonException($"The JSON property '{name}' could not be mapped to any field.", $"$.{name}", null, null);
            }
        }

        // Reading past the object makes the reader throw on any content after it.
        reader.Read();
    }

    /// <summary>Candidate <paramref name="index"/>, read from its slice of the body; null for a JSON null.</summary>
    /// <exception cref="JsonException">Its path is the full one, such as <c>$.candidates[3].skills[0].level</c>.</exception>
    public Candidate? ReadCandidate(int index)
    {
        var (start, length) = candidates[index];
        try
        {
            return CandidateJsonReader.Read(body.Span.Slice(start, length));
        }
        catch (JsonException e) when (e.Path is null && e.LineNumber is { } line)
        {
            // Broken syntax inside the candidate: where it is in the body, like any other syntax error.
            var (startLine, startByte) = Position(body.Span, start);
            throw new JsonException(e.Message, null, startLine + line, line == 0 ? startByte + e.BytePositionInLine : e.BytePositionInLine);
        }
        catch (JsonException e)
        {
            throw new JsonException(e.Message, $"$.candidates[{index}]{e.Path?[1..]}", null, null, e.InnerException);
        }
    }

    /// <summary>
    /// Finds each candidate's slice of the candidates array, much faster than a JSON reader can skip them:
    /// only brackets and strings are followed here, and each slice is read in full, in parallel, later.
    /// Returns the index of the array's closing bracket; null for a JSON null.
    /// </summary>
    int? LocateCandidates(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Wrong("an array", "$.candidates");
        }

        HasCandidates = true;
        var json = body.Span;
        var i = SkipWhitespace(json, (int)reader.BytesConsumed);
        if (i < json.Length && json[i] == ']')
        {
            return i;
        }

        while (true)
        {
            int end;
            if (i < json.Length && json[i] == '{')
            {
                end = EndOfObject(json, i);
            }
            else if (json[i..].StartsWith("null"u8))
            {
                end = i + 4;
            }
            else if (IsJsonValue(json[i..]))
            {
                throw Wrong("an object", $"$.candidates[{candidates.Count}]");
            }
            else
            {
                throw Malformed(json, i, "a candidate (an object)");
            }

            if (end < 0)
            {
                throw Malformed(json, ~end, "a well-formed candidate");
            }

            candidates.Add((i, end - i));
            i = SkipWhitespace(json, end);
            if (i < json.Length && json[i] == ',')
            {
                i = SkipWhitespace(json, i + 1);
            }
            else if (i < json.Length && json[i] == ']')
            {
                return i;
            }
            else
            {
                throw Malformed(json, i, "',' or ']' after a candidate");
            }
        }
    }

    /// <summary>
    /// The index just past the object opening at <paramref name="start"/>, following brackets and strings
    /// only; or, when the brackets do not match, nest deeper than the reader allows or the body ends first,
    /// the bitwise complement of where.
    /// </summary>
    static int EndOfObject(ReadOnlySpan<byte> json, int start)
    {
        const int MaxDepth = 64;
        var depth = 0;
        var arrays = 0UL; // bit d: the container at depth d is an array
        for (var i = start; i < json.Length; i++)
        {
            switch (json[i])
            {
                case (byte)'"':
                    // To the closing quote, stepping over escaped characters.
                    i++;
                    while (true)
                    {
                        var k = json[i..].IndexOfAny((byte)'"', (byte)'\\');
                        if (k < 0)
                        {
                            return ~json.Length;
                        }

                        i += k;
                        if (json[i] == '"')
                        {
                            break;
                        }

                        i += 2;
                        if (i >= json.Length)
                        {
                            return ~json.Length;
                        }
                    }

                    break;
                case (byte)'{' or (byte)'[':
                    if (depth == MaxDepth)
                    {
                        return ~i;
                    }

                    arrays = json[i] == '[' ? arrays | (1UL << depth) : arrays & ~(1UL << depth);
                    depth++;
                    break;
                case (byte)'}' or (byte)']':
                    depth--;
                    if ((json[i] == ']') != ((arrays & (1UL << depth)) != 0))
                    {
                        return ~i;
                    }

                    if (depth == 0)
                    {
                        return i + 1;
                    }

                    break;
            }
        }

        return ~json.Length;
    }

    /// <summary>Whether a JSON value (of any type) opens <paramref name="json"/>: a well-formed value of the wrong type is not broken syntax.</summary>
    static bool IsJsonValue(ReadOnlySpan<byte> json)
    {
        if (json.IsEmpty || json[0] is (byte)']' or (byte)',' or (byte)'}')
        {
            return false;
        }

        var reader = new Utf8JsonReader(json, isFinalBlock: true, default);
        try
        {
            return reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    static int SkipWhitespace(ReadOnlySpan<byte> json, int i)
    {
        while (i < json.Length && json[i] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            i++;
        }

        return i;
    }

    /// <summary>Zero-based line and byte in that line of <paramref name="index"/>, as the JSON reader counts them.</summary>
    static (long Line, long Byte) Position(ReadOnlySpan<byte> json, int index)
    {
        var before = json[..index];
        var lastLine = before.LastIndexOf((byte)'\n');
        return (before.Count((byte)'\n'), index - (lastLine + 1));
    }

    static JsonException Malformed(ReadOnlySpan<byte> json, int index, string expected)
    {
        var (line, position) = Position(json, index);
        return new JsonException($"Expected {expected} in the candidates array", null, line, position);
    }

    static T? ReadNested<T>(ref Utf8JsonReader reader, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string path)
    {
        try
        {
            return JsonSerializer.Deserialize(ref reader, type);
        }
        catch (JsonException e) when (e.InnerException is JsonException)
        {
            // Broken syntax: the reader's own position, in the body.
            throw new JsonException(e.Message, $"{path}{e.Path?[1..]}", e.LineNumber, e.BytePositionInLine, e.InnerException);
        }
        catch (JsonException e)
        {
            // A value of the wrong type: the serializer counts its position from the nested value, so the path alone says where.
            throw new JsonException(e.Message, $"{path}{e.Path?[1..]}", null, null, e.InnerException);
        }
    }

    static JsonException Wrong(string expected, string path) =>
        new($"Expected {expected}", path, null, null);
}
