using System.Text.Json;

namespace Matching.Core.Contracts;

/// <summary>
/// A POST /v1/match body kept as UTF-8: the mission and options are read at once, each candidate only
/// when asked for, so a 10,000-candidate request never becomes one large object graph that the garbage
/// collector has to carry through every collection. Same contract as <see cref="MatchRequest"/>: unknown
/// fields, wrong types and broken JSON throw <see cref="ContractException"/> naming the field at fault (or, for
/// broken JSON, the line and byte). Short names are shared within the request through its own
/// <see cref="StringPool"/>, which goes when the document does.
/// </summary>
public sealed class MatchDocument
{
    readonly ReadOnlyMemory<byte> body;
    readonly List<(int Start, int Length)> candidates = [];
    readonly StringPool pool = new();

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
    /// <exception cref="ContractException">The outline, the mission or an option is at fault.</exception>
    public static MatchDocument Parse(ReadOnlyMemory<byte> body)
    {
        var document = new MatchDocument(body);
        int skippedFrom = 0, resumedAt = 0;
        try
        {
            document.ParseOutline(ref skippedFrom, ref resumedAt);
        }
        catch (JsonException e)
        {
            // The reader's own exception: broken syntax.
            var (line, position) = (e.LineNumber ?? 0, e.BytePositionInLine ?? 0);
            if (resumedAt > 0)
            {
                // After the candidates the reader resumed at the array's end with the position it had at the array's
                // start: move what it counts since then to where it really is.
                var (fromLine, fromByte) = Position(body.Span, skippedFrom);
                var lines = line - fromLine;
                var bytes = lines == 0 ? position - fromByte : position;
                var (atLine, atByte) = Position(body.Span, resumedAt);
                (line, position) = (atLine + lines, lines == 0 ? atByte + bytes : bytes);
            }

            throw Malformed("malformed JSON", line, position);
        }

        return document;
    }

    void ParseOutline(ref int skippedFrom, ref int resumedAt)
    {
        var reader = new Utf8JsonReader(body.Span);
        if (!reader.Read())
        {
            throw new ContractException(new JsonFault(JsonFaultKind.Malformed, "$", "the body is empty; expected a JSON object"));
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw ContractException.Wrong("$", "an object");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!JsonText.TryGetString(ref reader, out var name))
            {
                throw new ContractException(JsonText.InvalidText("$"));
            }

            if (!seen.Add(name))
            {
                throw new ContractException(new JsonFault(JsonFaultKind.DuplicateField, name, $"duplicate field '{name}'"));
            }

            reader.Read();
            switch (name)
            {
                case "mission":
                    Mission = reader.TokenType == JsonTokenType.Null ? null : ReadMission(ref reader, resumedAt);
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
                        : throw ContractException.Wrong("top", "a whole number");
                    break;
                case "explain":
                    Explain = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False => false,
                        JsonTokenType.Null => null,
                        _ => throw ContractException.Wrong("explain", "true or false"),
                    };
                    break;
                case "allInterpretations":
                    AllInterpretations = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False => false,
                        JsonTokenType.Null => null,
                        _ => throw ContractException.Wrong("allInterpretations", "true or false"),
                    };
                    break;
                default:
                    throw new ContractException(JsonContractErrors.Unknown(MatchingJson.Default.MatchRequest, name, name));
            }
        }

        // Reading past the object makes the reader throw on any content after it.
        reader.Read();
    }

    /// <summary>Candidate <paramref name="index"/>, read from its slice of the body; null for a JSON null.</summary>
    /// <exception cref="ContractException">Its path is the full one, such as <c>candidates[3].skills[0].level</c>.</exception>
    public Candidate? ReadCandidate(int index)
    {
        var (start, length) = candidates[index];
        try
        {
            return CandidateJsonReader.Read(body.Span.Slice(start, length), pool);
        }
        catch (ContractException e)
        {
            throw new ContractException(e.Fault.Within($"candidates[{index}]"));
        }
        catch (JsonException e)
        {
            // Broken syntax inside the candidate: where it is in the body, like any other syntax error.
            var (line, position) = InBody(start, e.LineNumber ?? 0, e.BytePositionInLine ?? 0);
            throw Malformed("malformed JSON", line, position);
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
            throw ContractException.Wrong("candidates", "an array");
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
                throw ContractException.Wrong($"candidates[{candidates.Count}]", "an object");
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

    static ContractException Malformed(ReadOnlySpan<byte> json, int index, string expected)
    {
        var (line, position) = Position(json, index);
        return Malformed($"expected {expected} in the candidates array", line, position);
    }

    /// <summary>Broken syntax at a 0-based line and byte.</summary>
    static ContractException Malformed(string message, long line, long position) =>
        new(new JsonFault(JsonFaultKind.Malformed, "$", message, line + 1, position + 1));

    /// <summary>A 0-based line and byte counted from <paramref name="start"/>, counted from the body's start instead.</summary>
    (long Line, long Byte) InBody(int start, long line, long position)
    {
        var (startLine, startByte) = Position(body.Span, start);
        return (startLine + line, line == 0 ? startByte + position : position);
    }

    /// <summary>The mission, by the serializer; when it refuses it, the fault is found in the mission's own bytes.</summary>
    Mission? ReadMission(ref Utf8JsonReader reader, int offset)
    {
        var start = offset + (int)reader.TokenStartIndex;
        try
        {
            return JsonSerializer.Deserialize(ref reader, MatchingJson.Default.Mission);
        }
        catch (JsonException e)
        {
            var fault = JsonContractErrors.Diagnose(body.Span[start..], MatchingJson.Default.Mission, e.Path, out var position, valueOnly: true);
            if (position is var (line, at))
            {
                var (bodyLine, bodyByte) = InBody(start, line, at);
                fault = fault with { Line = bodyLine + 1, Byte = bodyByte + 1 };
            }

            throw new ContractException(fault.Within("mission"));
        }
    }
}
