using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
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

    /// <summary>
    /// Reads the body once into a buffer, validates the mission, then reads, validates and assesses the
    /// candidates one by one across the cores; nothing is ranked unless the whole request is valid.
    /// </summary>
    static async Task<Results<ContractJsonResult<MatchResponse>, ValidationProblem>> Match(
        HttpContext http, MatchRequestValidator validator, Ranker ranker, ServingModel serving, ILogger<Ranker> logger, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var (buffer, length, problem) = await JsonBody.ReadAsync(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            MatchDocument document;
            try
            {
                document = MatchDocument.Parse(buffer.AsMemory(0, length));
            }
            catch (JsonException e)
            {
                return JsonBody.Problem(e, MatchingJson.Default.MatchRequest);
            }

            var errors = new ValidationErrors();
            validator.ValidateHead(document.Mission, document.HasCandidates, document.CandidateCount, document.Top, errors);
            var mission = errors.IsEmpty ? ranker.Resolve(document.Mission!, document.AllInterpretations ?? false, errors) : null;
            var count = document.CandidateCount <= validator.Limits.MaxCandidates ? document.CandidateCount : 0;
            var assessed = ranker.Assess(mission, count, (i, own) =>
            {
                try
                {
                    return document.ReadCandidate(i);
                }
                catch (JsonException e)
                {
                    own.Add(JsonBody.FieldPath(e.Path), JsonBody.Describe(e, MatchingJson.Default.MatchRequest));
                    return null;
                }
            }, validator, errors, cancellationToken);

            if (!errors.IsEmpty)
            {
                return TypedResults.ValidationProblem(errors.ToDictionary(), title: "The match request is not valid.");
            }

            var response = ranker.Rank(mission!, assessed, document.Top, document.Explain, serving.Current, http.TraceIdentifier);
            logger.LogInformation(
                "Ranked {Received} candidates: {Ranked} ranked, {Excluded} excluded, {Returned} returned, {Unrecognised} unrecognised skill names, model {ModelVersion}, {ElapsedMs:0.0} ms",
                response.Counts.Received, response.Counts.Ranked, response.Counts.Excluded, response.Results.Count,
                response.UnrecognisedSkills.Count, response.ModelVersion, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            // With the contract's own options (nulls left out), by the source-generated writer.
            return new ContractJsonResult<MatchResponse>(response, MatchingJson.Default.MatchResponse);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer!);
        }
    }
}
