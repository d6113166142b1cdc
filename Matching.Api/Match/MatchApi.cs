using System.Buffers;
using System.Diagnostics;
using Matching.Api.Decisions;
using Matching.Api.Hosting;
using Matching.Api.Http;
using Matching.Core.Contracts;
using Matching.Core.Model;
using Matching.Core.Ranking;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Match;

public static class MatchApi
{
    public static RouteGroupBuilder MapMatchApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1").WithTags("Matching").RequireAuthorization(ApiKeys.Match)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPost("/match", Match)
            .Accepts<MatchRequest>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithName("Match")
            .WithSummary("Rank and explain candidates for a mission")
            .WithDescription("Every candidate sent is either ranked or excluded with its reasons; ranked candidates beyond `top` are counted in `counts.omitted`. Same input, same output: ties break by candidate id.")
            .WithMetadata(OpenApiExamples.Match);

        return api;
    }

    /// <summary>Reads the body once into a buffer and runs the match pipeline over it.</summary>
    static async Task<Results<ContractJsonResult<MatchResponse>, ValidationProblem>> Match(
        HttpContext http, MatchPipeline pipeline, ServingModel serving, DecisionLog decisions, ILogger<Ranker> logger, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (buffer, length, problem) = await JsonBody.ReadAsync(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        MatchOutcome outcome;
        try
        {
            outcome = pipeline.Run(buffer.AsMemory(0, length), serving.Current, http.TraceIdentifier, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer!);
        }

        if (outcome.Response is not { } response)
        {
            return TypedResults.ValidationProblem(outcome.Errors!.ToDictionary(),
                title: outcome.Unreadable ? "The request body could not be read." : "The match request is not valid.");
        }

        decisions.Record(ApiKeys.KeyId(http.User), response, outcome.MissionId, DecisionLog.Inline, started);
        logger.LogInformation(
            "Ranked {Received} candidates: {Ranked} ranked, {Excluded} excluded, {Returned} returned, {Unrecognised} unrecognised skill names, model {ModelVersion}, {ElapsedMs:0.0} ms",
            response.Counts.Received, response.Counts.Ranked, response.Counts.Excluded, response.Results.Count,
            response.UnrecognisedSkills.Count, response.ModelVersion, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        // With the contract's own options (nulls left out), by the source-generated writer.
        return new ContractJsonResult<MatchResponse>(response, MatchingJson.Default.MatchResponse);
    }
}
