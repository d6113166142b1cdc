using System.Diagnostics;
using Matching.Api.Candidates;
using Matching.Api.Database;
using Matching.Api.Decisions;
using Matching.Api.Hosting;
using Matching.Api.Http;
using Matching.Core.Contracts;
using Matching.Core.Model;
using Matching.Core.Ranking;
using Matching.Core.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Matching.Api.Missions;

/// <summary>Missions stored once, in the shape POST /v1/match takes them, for outcomes to refer to and suggestions from the pool.</summary>
public static class MissionsApi
{
    public static RouteGroupBuilder MapMissionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/missions").WithTags("Missions").RequireAuthorization(ApiKeys.Data)
            .AddEndpointFilter<DatabaseUnavailable>().AddEndpointFilter<IdsInPath>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapPut("/{id}", Put)
            .Accepts<Mission>("application/json")
            .WithName("PutMission")
            .WithSummary("Store a mission (scope: data)")
            .WithDescription("The mission shape of POST /v1/match, checked by the same rules; its `id` may be left out, and must otherwise be the id in the path. 201 when new, 204 when it replaced the stored mission.");
        api.MapGet("/{id}", Get)
            .WithName("GetMission")
            .WithSummary("Read a stored mission (scope: data)")
            .WithDescription("The mission as stored; 404 when there is no such mission.");
        api.MapGet("/{id}/suggestions", Suggest)
            .AddEndpointFilter(Query.OneValueEach)
            .WithName("SuggestCandidates")
            .WithSummary("Rank the stored talent pool for a stored mission (scope: data)")
            .WithDescription("The pool is narrowed in SQL by the exclusion rules (no free day in the mission's window, a mandatory skill held under none of its names, no shared language) and by relevance (holding, having used or aspiring to none of the mission's skills or their neighbours; `includeUnrelated=true` ranks those too), each left-out candidate counted per rule in `pool`. Of the candidates left, the shortlist (Matching:Database:SuggestionShortlist, default 5,000, at least `top`) who could cover most of the mission — the weighted share of its required skills held, or held through a neighbour at the neighbour's credit, times the share of its days they have free — is read, assessed and ranked by the same features and model as POST /v1/match, with the same response; the others are counted in `pool.belowShortlist`, and `exhaustive=true` ranks them all. `top` 1–10,000 (default 10), `explain` (default true).");
        return api;
    }

    /// <summary>The stored mission, the pool narrowed by the exclusion rules, then the match pipeline over what is left.</summary>
    static async Task<Results<ContractJsonResult<MatchResponse>, ValidationProblem, ProblemHttpResult>> Suggest(
        string id, HttpContext http, MissionStore missions, CandidateStore candidates, MatchPipeline pipeline, Ranker ranker, ServingModel serving, DecisionLog decisions,
        MatchRequestValidator validator, IOptions<DatabaseOptions> options, ILogger<MatchPipeline> logger, CancellationToken cancellationToken,
        [FromQuery(Name = "top")] string? topText = null, [FromQuery(Name = "explain")] string? explainText = null, [FromQuery(Name = "includeUnrelated")] string? includeUnrelatedText = null,
        [FromQuery(Name = "exhaustive")] string? exhaustiveText = null)
    {
        var started = Stopwatch.GetTimestamp();
        if (!Query.TryWholeNumber(topText, out var top) || top is < 1 || top > validator.Limits.MaxCandidates)
        {
            return Query.Invalid("top", $"Top must be a whole number between 1 and {validator.Limits.MaxCandidates}.");
        }

        if (!Query.TryBoolean(explainText, out var explain))
        {
            return Query.Invalid("explain", "Expected true or false.");
        }

        if (!Query.TryBoolean(includeUnrelatedText, out var includeUnrelated))
        {
            return Query.Invalid("includeUnrelated", "Expected true or false.");
        }

        if (!Query.TryBoolean(exhaustiveText, out var exhaustive))
        {
            return Query.Invalid("exhaustive", "Expected true or false.");
        }

        if (await missions.GetAsync(id, cancellationToken) is not { } mission)
        {
            return ContractBody.NotFound("mission");
        }

        // The mission's own reading of its skills decides which keys are mandatory.
        var errors = new ValidationErrors();
        if (ranker.Resolve(mission, allInterpretations: false, errors) is not { } profile)
        {
            return Unrankable(errors);
        }

        var filter = new PoolFilter(
            profile.Start, profile.End,
            [.. profile.Skills.Where(s => s.Mandatory).Select(s => CandidateColumns.KeyOf(profile.Space, s.SkillId)).Distinct()],
            [.. profile.Languages.Select(l => l.ToLowerInvariant()).Distinct()],
            [.. profile.Bearings.Select(b => new PoolBearing(CandidateColumns.KeyOf(profile.Space, b.SkillId), b.RequiredIndex, b.Credit))],
            [.. profile.Skills.Select(s => s.Weight / profile.TotalWeight)],
            includeUnrelated ?? false,
            exhaustive is true ? int.MaxValue : Math.Max(options.Value.SuggestionShortlist, top ?? Ranker.DefaultTop));
        var slice = await candidates.PrefilterAsync(filter, cancellationToken);
        var read = Stopwatch.GetElapsedTime(started);
        var outcome = pipeline.Run(profile, slice.Profiles, top, explain, serving.Current, http.TraceIdentifier, cancellationToken);
        if (outcome.Response is not { } response)
        {
            return Unrankable(outcome.Errors!);
        }

        response = response with
        {
            Pool = new PoolCounts(slice.Stored, slice.Profiles.Count, slice.Unavailable, slice.MissingMandatorySkill, slice.NoSharedLanguage, slice.Unrelated, slice.BelowShortlist),
        };
        decisions.Record(http, response, id, DecisionLog.Pool, started);
        logger.LogInformation(
            "Suggested from a pool of {Stored}: {Considered} considered ({BelowShortlist} below the shortlist), {Ranked} ranked, {Returned} returned, model {ModelVersion}, {ElapsedMs:0.0} ms ({DatabaseMs:0.0} ms in the database)",
            slice.Stored, slice.Profiles.Count, slice.BelowShortlist, response.Counts.Ranked, response.Results.Count, response.ModelVersion, Stopwatch.GetElapsedTime(started).TotalMilliseconds, read.TotalMilliseconds);
        return new ContractJsonResult<MatchResponse>(response, MatchingJson.Default.MatchResponse);
    }

    static async Task<Results<Created, NoContent, ValidationProblem>> Put(
        string id, HttpRequest http, MissionStore store, MatchRequestValidator validator, CancellationToken cancellationToken)
    {
        var (mission, problem) = await ContractBody.ReadAsync(http, MatchingJson.Default.Mission, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        ContractBody.CheckId(id, mission!.Id, errors);
        mission = mission with { Id = id };
        validator.ValidateMission(mission, "$", errors);
        if (!errors.IsEmpty)
        {
            return ContractBody.Invalid(errors, "The mission is not valid.");
        }

        return await store.UpsertAsync(mission, cancellationToken)
            ? TypedResults.Created($"/v1/missions/{Uri.EscapeDataString(id)}")
            : TypedResults.NoContent();
    }

    static async Task<Results<ContractJsonResult<Mission>, ProblemHttpResult>> Get(string id, MissionStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } mission
            ? new ContractJsonResult<Mission>(mission, MatchingJson.Default.Mission)
            : ContractBody.NotFound("mission");

    static ProblemHttpResult Unrankable(ValidationErrors errors) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The stored mission or pool cannot be ranked.",
            extensions: new Dictionary<string, object?> { ["errors"] = errors.ToDictionary() });
}
