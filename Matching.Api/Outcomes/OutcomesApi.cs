using System.Globalization;
using System.Text.Json;
using Matching.Api.Hosting;
using Matching.Api.Http;
using Matching.Core.Contracts;
using Matching.Core.History;
using Matching.Core.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Outcomes;

/// <summary>What organisations decided about candidates: the staffing history the model will learn from.</summary>
public static class OutcomesApi
{
    public const int MaxDecisions = 1000;

    public static RouteGroupBuilder MapOutcomesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapDatabaseGroup("/v1/outcomes", "Outcomes", ApiKeys.Data);

        api.MapPost("/", Record)
            .Accepts<OutcomeBatch>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithName("RecordOutcomes")
            .WithSummary("Record staffing decisions for a mission (scope: data)")
            .WithDescription($"Up to {MaxDecisions:N0} decisions (each {OutcomeNames.OneOf}), all recorded or none. Each keeps the mission and the candidate as known now: sent inline, or copied from the stored mission and the pool. Idempotent by `clientDecisionId`: a retried batch records nothing new and answers the same (not once the candidate is erased, which replaces the ids: do not retry then); an id already recorded with other values is a 409 naming it.");
        api.MapPatch("/{clientDecisionId}", Rate)
            .Accepts<OutcomeRating>("application/json")
            .WithName("RateOutcome")
            .WithSummary("Rate a recorded decision (scope: data)")
            .WithDescription("`{ \"rating\": 1–5 }`: how the assignment went, once known. 404 when no decision has this id, as after the candidate was erased (erasure replaces the ids of their decisions).");
        return api;
    }

    static async Task<Results<ContractJsonResult<OutcomeBatchResponse>, ValidationProblem, ProblemHttpResult>> Record(
        HttpRequest http, OutcomeStore store, MatchRequestValidator validator, ILogger<OutcomeStore> logger, CancellationToken cancellationToken)
    {
        var (batch, problem) = await ContractBody.ReadAsync(http, ApiJson.Default.OutcomeBatch, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        var decisions = Validate(batch!, validator, errors);
        if (!errors.IsEmpty)
        {
            return ValidationProblems.Fields(errors, "The outcomes are not valid; none was recorded.");
        }

        var mission = batch!.Mission is null ? null : JsonSerializer.Serialize(batch.Mission with { Id = batch.MissionId }, MatchingJson.Default.Mission);
        var recording = await store.RecordAsync(batch.MissionId!, mission, decisions, cancellationToken);
        if (recording.UnknownMission || recording.UnknownCandidates.Count > 0)
        {
            if (recording.UnknownMission)
            {
                errors.Add("missionId", "No mission with this id is stored: store it with PUT /v1/missions/{id}, or send it inline as `mission`.");
            }

            foreach (var i in recording.UnknownCandidates)
            {
                errors.Add($"decisions[{i}].candidateId", "No candidate with this id is in the pool: store it with PUT /v1/candidates/{id}, or send it inline as `candidate`.");
            }

            return ValidationProblems.Fields(errors, "The outcomes are not valid; none was recorded.");
        }

        if (recording.Conflicting.Count > 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Some decisions were recorded before with other values; none was recorded.",
                detail: "A client decision id names one decision: send a new id for a new decision.",
                extensions: new Dictionary<string, object?>
                {
                    ["errors"] = recording.Conflicting.ToDictionary(i => $"decisions[{i}].clientDecisionId", _ => new[] { "Already recorded with another mission, candidate, outcome or time." }),
                });
        }

        logger.LogInformation("Outcomes: {Decisions} decisions in the batch, {Recorded} recorded", decisions.Count, recording.Recorded.Count);
        return new ContractJsonResult<OutcomeBatchResponse>(new OutcomeBatchResponse(batch.MissionId!, recording.Recorded), ApiJson.Default.OutcomeBatchResponse);
    }

    static async Task<Results<ContractJsonResult<RecordedOutcome>, ValidationProblem, ProblemHttpResult>> Rate(
        string clientDecisionId, HttpRequest http, OutcomeStore store, CancellationToken cancellationToken)
    {
        var (body, problem) = await ContractBody.ReadAsync(http, ApiJson.Default.OutcomeRating, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Rating is not (>= 1 and <= 5))
        {
            return ValidationProblems.Field("rating", "A rating between 1 and 5 is required.", ValidationProblems.Body);
        }

        return await store.RateAsync(clientDecisionId, body.Rating.Value, cancellationToken) is { } rated
            ? new ContractJsonResult<RecordedOutcome>(rated, ApiJson.Default.RecordedOutcome)
            : ContractBody.NotFound("decision");
    }

    /// <summary>Every fault of the batch, named by its path; the decisions to record when there is none.</summary>
    static List<NewOutcome> Validate(OutcomeBatch batch, MatchRequestValidator validator, ValidationErrors errors)
    {
        Ids.Check(batch.MissionId, "missionId", errors);
        if (batch.Mission is { } mission)
        {
            if (mission.Id is not null && mission.Id != batch.MissionId)
            {
                errors.Add("mission.id", "The inline mission's id must be missionId, or be left out.");
            }

            validator.ValidateMission(mission with { Id = batch.MissionId }, "mission", errors);
        }

        if (batch.Decisions is not { Count: > 0 and <= MaxDecisions } decisions)
        {
            errors.Add("decisions", $"Give 1 to {MaxDecisions:N0} decisions.");
            return [];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var valid = new List<NewOutcome>(decisions.Count);
        for (var i = 0; i < decisions.Count; i++)
        {
            var path = $"decisions[{i}]";
            if (decisions[i] is not { } decision)
            {
                errors.Add(path, "A decision cannot be null.");
                continue;
            }

            if (Ids.Check(decision.ClientDecisionId, $"{path}.clientDecisionId", errors) && !seen.Add(decision.ClientDecisionId!))
            {
                errors.Add($"{path}.clientDecisionId", "Client decision ids must be unique in a batch; this one appears earlier.");
            }

            Ids.Check(decision.CandidateId, $"{path}.candidateId", errors);
            if (decision.Candidate is { } candidate)
            {
                if (candidate.Id is not null && candidate.Id != decision.CandidateId)
                {
                    errors.Add($"{path}.candidate.id", "The inline candidate's id must be candidateId, or be left out.");
                }

                validator.ValidateCandidate(candidate with { Id = decision.CandidateId }, $"{path}.candidate", errors);
            }

            if (!OutcomeNames.TryParse(decision.Outcome, out var outcome))
            {
                errors.Add($"{path}.outcome", $"The outcome must be {OutcomeNames.OneOf}.");
            }

            if (!TryReadTime(decision.DecidedAt, out var decidedAt))
            {
                errors.Add($"{path}.decidedAt", "A time with its offset (ISO 8601, e.g. 2026-01-05T09:30:00Z) between 1900 and 2200 is required.");
            }

            if (errors.IsEmpty)
            {
                var inline = decision.Candidate is null ? null : JsonSerializer.Serialize(decision.Candidate with { Id = decision.CandidateId }, MatchingJson.Default.Candidate);
                valid.Add(new NewOutcome(decision.ClientDecisionId!, decision.CandidateId!, outcome, decidedAt, inline));
            }
        }

        return valid;
    }

    /// <summary>An ISO 8601 time with an offset, in UTC and to the microsecond, as PostgreSQL keeps it.</summary>
    static bool TryReadTime(string? text, out DateTime utc)
    {
        utc = default;
        if (text is null || !text.Contains('T', StringComparison.Ordinal)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time)
            || !(text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > text.IndexOf('T', StringComparison.Ordinal))
            || time.Year is < 1900 or > 2200)
        {
            return false;
        }

        var ticks = time.UtcTicks;
        utc = new DateTime(ticks - ticks % 10, DateTimeKind.Utc);
        return true;
    }
}
