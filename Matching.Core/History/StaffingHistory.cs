using System.Reflection;
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

/// <summary>What was decided about a candidate for a mission; the wire names (histories, POST /v1/outcomes, the outcomes table) are <see cref="OutcomeNames"/>.</summary>
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

/// <summary>The outcome vocabulary as written: each <see cref="Outcome"/> by the name its member carries, the one list every reader checks against.</summary>
public static class OutcomeNames
{
    static readonly Outcome[] Values = Enum.GetValues<Outcome>();
    static readonly string[] Names = [.. Values.Select(v => typeof(Outcome).GetField(v.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()!.Name)];

    /// <summary>"one of staffed, shortlisted, proposed, rejected, declined".</summary>
    public static string OneOf { get; } = JsonContractErrors.OneOf(typeof(Outcome));

    public static string Of(Outcome outcome) => Names[Array.IndexOf(Values, outcome)];

    /// <summary>The outcome a wire name (exact, lower case) stands for; false for anything else.</summary>
    public static bool TryParse(string? name, out Outcome outcome)
    {
        var at = name is null ? -1 : Array.IndexOf(Names, name);
        outcome = at < 0 ? default : Values[at];
        return at >= 0;
    }
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
