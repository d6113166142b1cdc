using System.Text.Json;
using System.Text.Json.Serialization;
using Matching.Core.Contracts;

namespace Matching.Training.Generation;

/// <summary>
/// The true utility of each candidate of one generated mission, under the world's latent process: what an
/// oracle would rank by. Written beside a history (<c>generate --oracle</c>), never inside it.
/// </summary>
public sealed record OracleLine
{
    public string? MissionId { get; init; }

    /// <summary>Candidate id → true utility; higher is better. Scales differ between worlds; only the order within a mission means anything.</summary>
    public Dictionary<string, double>? Utilities { get; init; }

    /// <summary>Utilities keyed by candidate id, in pool order.</summary>
    internal static OracleLine Of(string missionId, IReadOnlyList<Candidate> candidates, double[] utilities)
    {
        var map = new Dictionary<string, double>(candidates.Count, StringComparer.Ordinal);
        for (var i = 0; i < candidates.Count; i++)
        {
            map.Add(candidates[i].Id!, utilities[i]);
        }

        return new OracleLine { MissionId = missionId, Utilities = map };
    }
}

/// <summary>Reads and writes oracle files: JSON Lines of <c>{"missionId": ..., "utilities": {candidateId: value}}</c>.</summary>
public static class OracleFile
{
    public static string Serialize(OracleLine line) => JsonSerializer.Serialize(line, OracleJson.Default.OracleLine);

    /// <summary>The oracle lines of a file by mission id; an unreadable line or a mission twice is an <see cref="InvalidDataException"/>.</summary>
    public static Dictionary<string, OracleLine> Read(string path)
    {
        var lines = new Dictionary<string, OracleLine>(StringComparer.Ordinal);
        var number = 0;
        foreach (var text in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            OracleLine? line;
            try
            {
                line = JsonSerializer.Deserialize(text, OracleJson.Default.OracleLine);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path} line {number} is not an oracle line: {e.Message}", e);
            }

            if (line is not { MissionId: { Length: > 0 } id, Utilities: not null })
            {
                throw new InvalidDataException($"{path} line {number} needs a missionId and utilities.");
            }

            if (line.Utilities.Values.Any(v => !double.IsFinite(v)))
            {
                throw new InvalidDataException($"{path} line {number} (mission {id}) has a utility that is not a finite number.");
            }

            if (!lines.TryAdd(id, line))
            {
                throw new InvalidDataException($"{path} line {number} repeats mission {id}.");
            }
        }

        return lines;
    }
}

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(OracleLine))]
public sealed partial class OracleJson : JsonSerializerContext;
