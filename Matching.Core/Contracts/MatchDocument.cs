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

    /// <summary>False when the body has no <c>candidates</c> array at all.</summary>
    public bool HasCandidates { get; private set; }

    public int CandidateCount => candidates.Count;

    /// <summary>Reads the body's outline: syntax is checked throughout, the candidates are only located.</summary>
    public static MatchDocument Parse(ReadOnlyMemory<byte> body)
    {
        var document = new MatchDocument(body);
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
                    document.Mission = reader.TokenType == JsonTokenType.Null ? null : ReadNested(ref reader, MatchingJson.Default.Mission, "$.mission");
                    break;
                case "candidates":
                    document.ReadCandidates(ref reader);
                    break;
                case "top":
                    document.Top = reader.TokenType == JsonTokenType.Null ? null
                        : reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var top) ? top
                        : throw Wrong("a whole number", "$.top");
                    break;
                case "explain":
                    document.Explain = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False => false,
                        JsonTokenType.Null => null,
                        _ => throw Wrong("true or false", "$.explain"),
                    };
                    break;
                default:
                    throw new JsonException($"The JSON property '{name}' could not be mapped to any field.", $"$.{name}", null, null);
            }
        }

        // Reading past the object makes the reader throw on any content after it.
        reader.Read();

        return document;
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
        catch (JsonException e)
        {
            throw new JsonException(e.Message, $"$.candidates[{index}]{e.Path?[1..]}", null, null, e.InnerException);
        }
    }

    void ReadCandidates(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Wrong("an array", "$.candidates");
        }

        HasCandidates = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.Null))
            {
                throw Wrong("an object", $"$.candidates[{candidates.Count}]");
            }

            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            candidates.Add((start, (int)reader.BytesConsumed - start));
        }
    }

    static T? ReadNested<T>(ref Utf8JsonReader reader, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string path)
    {
        try
        {
            return JsonSerializer.Deserialize(ref reader, type);
        }
        catch (JsonException e)
        {
            throw new JsonException(e.Message, $"{path}{e.Path?[1..]}", e.LineNumber, e.BytePositionInLine, e.InnerException);
        }
    }

    static JsonException Wrong(string expected, string path) =>
        new($"Expected {expected}", path, null, null);
}
