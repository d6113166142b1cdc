using Matching.Api.Decisions;
using Matching.Api.Hosting;
using Matching.Api.Http;
using Matching.Core.Contracts;
using Matching.Core.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Candidates;

/// <summary>The talent pool: candidates stored once, in the shape POST /v1/match takes them.</summary>
public static class CandidatesApi
{
    public static RouteGroupBuilder MapCandidatesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapDatabaseGroup("/v1/candidates", "Talent pool", ApiKeys.Data);

        api.MapPut("/{id}", Put)
            .Accepts<Candidate>("application/json")
            .WithName("PutCandidate")
            .WithSummary("Store a candidate in the talent pool (scope: data)")
            .WithDescription("The candidate shape of POST /v1/match, checked by the same rules; its `id` may be left out, and must otherwise be the id in the path. 201 when new, 204 when it replaced the stored profile. Concurrent writes of one candidate never mix: the last one wins whole.");
        api.MapGet("/{id}", Get)
            .WithName("GetCandidate")
            .WithSummary("Read a candidate of the talent pool (scope: data)")
            .WithDescription("The profile as stored; 404 when the pool has no such candidate.");
        api.MapDelete("/{id}", Delete)
            .WithName("DeleteCandidate")
            .WithSummary("Erase a candidate: remove them from the pool, pseudonymise them in outcomes and the decision log (scope: data)")
            .WithDescription("GDPR art. 17. In one transaction: the pool row is removed; in recorded outcomes and in the decision log the id becomes one random pseudonym (`erased-` + a UUID), and the outcome snapshots lose their free text (experience titles and descriptions). No later export or training run sees the id. 204 when anything was erased, 404 when the id is in none of them.");
        return api;
    }

    static async Task<Results<Created, NoContent, ValidationProblem>> Put(
        string id, HttpRequest http, CandidateStore store, MatchRequestValidator validator, CancellationToken cancellationToken)
    {
        var (candidate, problem) = await ContractBody.ReadAsync(http, MatchingJson.Default.Candidate, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new ValidationErrors();
        ContractBody.CheckId(id, candidate!.Id, errors);
        candidate = candidate with { Id = id };
        validator.ValidateCandidate(candidate, "$", errors);
        if (!errors.IsEmpty)
        {
            return ValidationProblems.Fields(errors, "The candidate is not valid.");
        }

        return await store.UpsertAsync(candidate, cancellationToken)
            ? TypedResults.Created($"/v1/candidates/{Uri.EscapeDataString(id)}")
            : TypedResults.NoContent();
    }

    static async Task<Results<ContractJsonResult<Candidate>, ProblemHttpResult>> Get(string id, CandidateStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } candidate
            ? new ContractJsonResult<Candidate>(candidate, MatchingJson.Default.Candidate)
            : ContractBody.NotFound("candidate");

    static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        string id, Erasure erasure, DecisionLog decisions, ILogger<Erasure> logger, CancellationToken cancellationToken)
    {
        // Rankings this instance answered just before are written first, so they are erased too.
        await decisions.FlushAsync(TimeSpan.FromSeconds(5), cancellationToken);
        var erased = await erasure.EraseAsync(id, cancellationToken);
        logger.LogInformation("Erasure: {PoolRows} pool rows removed, {Outcomes} outcomes and {Rankings} logged rankings pseudonymised",
            erased.PoolRows, erased.Outcomes, erased.Rankings);
        return erased.Any ? TypedResults.NoContent() : ContractBody.NotFound("candidate");
    }
}
