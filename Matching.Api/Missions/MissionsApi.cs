using Matching.Api.Hosting;
using Matching.Api.Http;
using Matching.Core.Contracts;
using Matching.Core.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Missions;

/// <summary>Missions stored once, in the shape POST /v1/match takes them, for outcomes to refer to and suggestions from the pool (<see cref="Suggestions.SuggestionsApi"/>).</summary>
public static class MissionsApi
{
    public static RouteGroupBuilder MapMissionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapDatabaseGroup("/v1/missions", "Missions", ApiKeys.Data);

        api.MapPut("/{id}", Put)
            .Accepts<Mission>("application/json")
            .WithName("PutMission")
            .WithSummary("Store a mission (scope: data)")
            .WithDescription("The mission shape of POST /v1/match, checked by the same rules; its `id` may be left out, and must otherwise be the id in the path. 201 when new, 204 when it replaced the stored mission.");
        api.MapGet("/{id}", Get)
            .WithName("GetMission")
            .WithSummary("Read a stored mission (scope: data)")
            .WithDescription("The mission as stored; 404 when there is no such mission.");
        return api;
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
