using Matching.Api.Hosting;
using Matching.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Decisions;

/// <summary>The decision log (EU AI Act art. 12): what the service answered to a request, for the people who audit it.</summary>
public static class DecisionsApi
{
    public static RouteGroupBuilder MapDecisionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapDatabaseGroup("/v1/decisions", "Decision log", ApiKeys.Admin);

        api.MapGet("/{requestId}", Get)
            .WithName("GetDecision")
            .WithSummary("Read the decision log for a request (scope: admin)")
            .WithDescription("Every ranking answered under this request id (the X-Request-Id of the match response): when, to which API key, with which model, for which mission, the candidates returned with rank and score and those excluded with their codes. Written within about a second of the answer; 404 when none is recorded.");
        return api;
    }

    static async Task<Results<ContractJsonResult<DecisionRecord>, ProblemHttpResult>> Get(string requestId, DecisionStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(requestId, cancellationToken) is { Count: > 0 } rankings
            ? new ContractJsonResult<DecisionRecord>(new DecisionRecord(requestId, rankings), DecisionJson.Default.DecisionRecord)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No ranking with this request id is recorded.",
                detail: "Rankings are written within about a second of the answer, and kept for the configured retention.");
}
