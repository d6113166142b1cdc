using Matching.Api.Hosting;
using Matching.Api.Http;
using Matching.Api.Suggestions;
using Matching.Core.Contracts;
using Matching.Core.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

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

    /// <summary>The stored mission's suggestions from the pool (<see cref="SuggestionService"/>).</summary>
    static async Task<Results<ContractJsonResult<MatchResponse>, ValidationProblem, ProblemHttpResult>> Suggest(
        string id, [AsParameters] SuggestionQuery query, HttpContext http, SuggestionService suggestions, MatchLimits limits, CancellationToken cancellationToken)
    {
        if (query.Read(limits.MaxCandidates, out var request) is { } invalid)
        {
            return invalid;
        }

        var suggested = await suggestions.SuggestAsync(id, request, http.TraceIdentifier, ApiKeys.KeyId(http.User), cancellationToken);
        return suggested switch
        {
            { Response: { } response } => new ContractJsonResult<MatchResponse>(response, MatchingJson.Default.MatchResponse),
            { NoMission: true } => ContractBody.NotFound("mission"),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The stored mission or pool cannot be ranked.",
                extensions: new Dictionary<string, object?> { ["errors"] = suggested.Unrankable!.ToDictionary() }),
        };
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
            return ValidationProblems.Fields(errors, "The mission is not valid.");
        }

        return await store.UpsertAsync(mission, cancellationToken)
            ? TypedResults.Created($"/v1/missions/{Uri.EscapeDataString(id)}")
            : TypedResults.NoContent();
    }

    static async Task<Results<ContractJsonResult<Mission>, ProblemHttpResult>> Get(string id, MissionStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } mission
            ? new ContractJsonResult<Mission>(mission, MatchingJson.Default.Mission)
            : ContractBody.NotFound("mission");
}
