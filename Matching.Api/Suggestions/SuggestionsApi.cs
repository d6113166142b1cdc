using Matching.Api.Hosting;
using Matching.Api.Http;
using Matching.Core.Contracts;
using Matching.Core.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Suggestions;

/// <summary>Candidates of the stored talent pool ranked for a stored mission, under the missions' routes and policy.</summary>
public static class SuggestionsApi
{
    public static RouteGroupBuilder MapSuggestionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapDatabaseGroup("/v1/missions", "Missions", ApiKeys.Data);

        api.MapGet("/{id}/suggestions", Suggest)
            .AddEndpointFilter(Query.OneValueEach)
            .WithName("SuggestCandidates")
            .WithSummary("Rank the stored talent pool for a stored mission (scope: data)")
            .WithDescription("The pool is narrowed in SQL by the exclusion rules (no free day in the mission's window, a mandatory skill held under none of its names, no shared language) and by relevance (holding, having used or aspiring to none of the mission's skills or their neighbours; `includeUnrelated=true` ranks those too), each left-out candidate counted per rule in `pool`. Of the candidates left, the shortlist (Matching:Database:SuggestionShortlist, default 5,000, at least `top`) who could cover most of the mission — the weighted share of its required skills held, or held through a neighbour at the neighbour's credit, times the share of its days they have free — is read, assessed and ranked by the same features and model as POST /v1/match, with the same response; the others are counted in `pool.belowShortlist`, and `exhaustive=true` ranks them all. `top` 1–10,000 (default 10), `explain` (default true).");
        return api;
    }

    /// <summary>Reads the query, then <see cref="SuggestionService"/> does the rest.</summary>
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
}
