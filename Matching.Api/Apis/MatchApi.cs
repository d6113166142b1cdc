using System.Diagnostics;
using Matching.Api.Hosting;
using Matching.Core.Contracts;
using Matching.Core.Model;
using Matching.Core.Ranking;
using Matching.Core.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Apis;

public static class MatchApi
{
    public static RouteGroupBuilder MapMatchApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1").WithTags("Matching");

        api.MapPost("/match", Match)
            .Accepts<MatchRequest>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithName("Match")
            .WithSummary("Rank and explain candidates for a mission")
            .WithDescription("Every candidate sent is either ranked or excluded with its reasons; ranked candidates beyond `top` are counted in `counts.omitted`. Same input, same output: ties break by candidate id.")
            .WithMetadata(OpenApiExamples.Match);

        return api;
    }

    static async Task<Results<Ok<MatchResponse>, ValidationProblem, ProblemHttpResult>> Match(
        HttpContext http, MatchRequestValidator validator, Ranker ranker, ServingModel serving, ILogger<Ranker> logger, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (request, problem) = await JsonBody.ReadAsync(http.Request, MatchingJson.Default.MatchRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = validator.Validate(request!);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The match request is not valid.");
        }

        var model = serving.Current;
        var response = ranker.Rank(request!, model, http.TraceIdentifier, cancellationToken);
        logger.LogInformation(
            "Ranked {Received} candidates: {Ranked} ranked, {Excluded} excluded, {Returned} returned, {Unrecognised} unrecognised skill names, model {ModelVersion}, {ElapsedMs:0.0} ms",
            response.Counts.Received, response.Counts.Ranked, response.Counts.Excluded, response.Results.Count,
            response.UnrecognisedSkills.Count, response.ModelVersion, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return TypedResults.Ok(response);
    }
}
