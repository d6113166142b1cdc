using System.Text.Json;
using System.Text.Json.Serialization;

namespace Matching.Api.Decisions;

/// <summary>The answer of GET /v1/decisions/{requestId}: what the decision log holds for that request.</summary>
/// <param name="Rankings">Oldest first; one unless a client reused its X-Request-Id.</param>
public sealed record DecisionRecord(string RequestId, IReadOnlyList<RecordedRanking> Rankings);

/// <param name="KeyId">The configured id of the API key that asked (never the key).</param>
/// <param name="MissionId">The mission's id when the request gave one.</param>
/// <param name="Source">inline (POST /v1/match) or pool (suggestions from the talent pool).</param>
/// <param name="Results">The candidates returned, by rank.</param>
/// <param name="Excluded">The candidates the rules excluded, with their reason codes.</param>
public sealed record RecordedRanking(
    DateTimeOffset AnsweredAt, string? KeyId, string ModelVersion, string? MissionId, string Source, RecordedCounts Counts,
    IReadOnlyList<RecordedResult> Results, IReadOnlyList<RecordedExclusion> Excluded);

public sealed record RecordedCounts(int Received, int Ranked, int Excluded, int Omitted);

public sealed record RecordedResult(string CandidateId, int Rank, double Score);

public sealed record RecordedExclusion(string CandidateId, IReadOnlyList<string> Codes);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DecisionRecord))]
sealed partial class DecisionJson : JsonSerializerContext;
