using System.Text.Json;
using System.Text.Json.Serialization;
using Matching.Core.Contracts;

namespace Matching.Core.History;

/// <summary>One historical mission: who was considered for it, as they were on <see cref="DecidedAt"/>, and what happened.</summary>
public sealed record HistoricalMission
{
    public Mission? Mission { get; init; }

    public DateOnly? DecidedAt { get; init; }

    public List<HistoricalCandidate>? Candidates { get; init; }
}

public sealed record HistoricalCandidate
{
    /// <summary>A snapshot of the candidate as of the decision date.</summary>
    public Candidate? Candidate { get; init; }

    public Outcome? Outcome { get; init; }

    /// <summary>How the staffing went, 1–5, when it happened and was rated.</summary>
    public int? Rating { get; init; }
}

public enum Outcome
{
    [JsonStringEnumMemberName("staffed")]
    Staffed,

    [JsonStringEnumMemberName("shortlisted")]
    Shortlisted,

    [JsonStringEnumMemberName("proposed")]
    Proposed,

    [JsonStringEnumMemberName("rejected")]
    Rejected,

    [JsonStringEnumMemberName("declined")]
    Declined,
}

public static class Relevance
{
    /// <summary>Graded relevance: staffed and rated 4+ → 3; staffed → 2; shortlisted → 1; anything else → 0.</summary>
    public static int Of(Outcome outcome, int? rating) => outcome switch
    {
        Outcome.Staffed when rating >= 4 => 3,
        Outcome.Staffed => 2,
        Outcome.Shortlisted => 1,
        _ => 0,
    };

    /// <summary>The grade at and above which a candidate counts as relevant for MAP and MRR: staffed.</summary>
    public const int Relevant = 2;
}

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(HistoricalMission))]
public sealed partial class HistoryJson : JsonSerializerContext;
