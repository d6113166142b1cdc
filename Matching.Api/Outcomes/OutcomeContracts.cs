using Matching.Core.Contracts;

namespace Matching.Api.Outcomes;

/// <summary>The body of POST /v1/outcomes: decisions taken about candidates for one mission.</summary>
public sealed record OutcomeBatch
{
    /// <summary>The mission decided on: stored with PUT /v1/missions/{id}, or sent inline as <see cref="Mission"/>.</summary>
    public string? MissionId { get; init; }

    /// <summary>The mission as known when the decisions were taken; absent: the stored mission is copied.</summary>
    public Mission? Mission { get; init; }

    /// <summary>1 to 1,000 decisions, recorded all together or not at all.</summary>
    public List<OutcomeDecision>? Decisions { get; init; }
}

public sealed record OutcomeDecision
{
    /// <summary>The caller's own id for this decision: sending it again records nothing new.</summary>
    public string? ClientDecisionId { get; init; }

    /// <summary>A candidate of the pool, or of <see cref="Candidate"/> when sent inline.</summary>
    public string? CandidateId { get; init; }

    /// <summary>The candidate as known when the decision was taken; absent: the pool's profile is copied.</summary>
    public Candidate? Candidate { get; init; }

    /// <summary>proposed, shortlisted, staffed, declined or rejected.</summary>
    public string? Outcome { get; init; }

    /// <summary>When it was decided: ISO 8601 with an offset, e.g. 2026-01-05T09:30:00Z.</summary>
    public string? DecidedAt { get; init; }
}

/// <summary>What is recorded for a batch: every decision of the batch, as stored. A retry answers the same.</summary>
public sealed record OutcomeBatchResponse(string MissionId, IReadOnlyList<RecordedOutcome> Decisions);

/// <param name="DecidedAt">In UTC, to the microsecond.</param>
/// <param name="RecordedAt">When the service first recorded it.</param>
public sealed record RecordedOutcome(string ClientDecisionId, string CandidateId, string Outcome, DateTimeOffset DecidedAt, int? Rating, DateTimeOffset RecordedAt);

/// <summary>The body of PATCH /v1/outcomes/{clientDecisionId}.</summary>
public sealed record OutcomeRating
{
    /// <summary>How the assignment went, 1–5.</summary>
    public int? Rating { get; init; }
}
