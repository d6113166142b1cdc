using System.Data;
using System.Text.Json;
using Dapper;
using Matching.Api.Database;
using Matching.Core.Contracts;
using Matching.Core.Features;
using Matching.Core.Skills;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Matching.Api.Candidates;

/// <summary>What an erasure changed: the pool row removed (0 or 1), outcomes and decision-log rankings pseudonymised.</summary>
public sealed record Erased(int PoolRows, int Outcomes, int Rankings)
{
    public bool Any => PoolRows + Outcomes + Rankings > 0;
}

/// <summary>
/// The right to erasure (GDPR art. 17), in one transaction: the candidate leaves the pool; in the outcomes and the
/// decision log their id becomes one random pseudonym (<c>erased-</c> + a UUID, linked to nothing), and each of their
/// outcomes' client decision ids a pseudonym of its own (the integrator's id may embed the person); the id's HMAC goes
/// to <c>erasures</c> (<see cref="ErasureKey"/>), for rankings other instances still hold in their queues. The outcome
/// snapshots keep what the model reads and no free text (<see cref="ErasedCandidate"/>), so the decisions still teach.
/// </summary>
public sealed class Erasure(NpgsqlDataSource dataSource, SkillCatalog catalog, IOptions<DatabaseOptions> options)
{
    public const string PseudonymPrefix = "erased-";

    /// <summary>
    /// The advisory lock an erasure holds exclusively and every decision-log batch shares while it is written: a batch
    /// committed before the erasure is pseudonymised by it, a batch written after it reads its row in erasures.
    /// </summary>
    public const long WriteLock = 0x4D61_7463_6845_7261; // "MatchEra"

    public static string NewPseudonym() => PseudonymPrefix + Guid.NewGuid().ToString("D");

    public async Task<Erased> EraseAsync(string candidateId, CancellationToken cancellationToken)
    {
        var pseudonym = NewPseudonym();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var key = await ErasureKey.GetOrCreateAsync(connection, options.Value, cancellationToken);
        // Read committed, whatever the server's default: each statement after the lock must see what committed while
        // this waited for it (the decision-log batches it must pseudonymise).
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "select pg_advisory_xact_lock(@WriteLock)", new { WriteLock }, transaction, cancellationToken: cancellationToken));
        var pool = await connection.ExecuteAsync(new CommandDefinition(
            "delete from candidates where id = @candidateId", new { candidateId }, transaction, cancellationToken: cancellationToken));

        var outcomes = (await connection.QueryAsync<(string Id, string Candidate, string Mission)>(new CommandDefinition(
            "select client_decision_id, candidate::text, mission::text from outcomes where candidate_id = @candidateId for update",
            new { candidateId }, transaction, cancellationToken: cancellationToken))).ToList();
        if (outcomes.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                update outcomes set client_decision_id = d.new_id, candidate_id = @pseudonym, candidate = d.candidate::jsonb
                from unnest(@ids, @newIds, @candidates) as d(id, new_id, candidate)
                where client_decision_id = d.id
                """, new
            {
                pseudonym,
                ids = outcomes.Select(o => o.Id).ToArray(),
                newIds = outcomes.Select(_ => NewPseudonym()).ToArray(),
                candidates = outcomes.Select(o => JsonSerializer.Serialize(Strip(o.Candidate, o.Mission, pseudonym), MatchingJson.Default.Candidate)).ToArray(),
            }, transaction, cancellationToken: cancellationToken));
        }

        var decisions = await connection.ExecuteAsync(new CommandDefinition(
            "update decisions set candidate_ids = array_replace(candidate_ids, @candidateId, @pseudonym) where candidate_ids @> array[@candidateId]",
            new { pseudonym, candidateId }, transaction, cancellationToken: cancellationToken));
        // For rankings any instance still holds in its queue: written after this commits, they take a pseudonym too
        // (a new one: nothing kept maps the id's HMAC to this one). Recorded even when nothing was found to erase, as
        // the id may yet be in a queue. Stamped by the database's clock as late as it can be, just before the commit.
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into erasures (id_hash, erased_at) values (@hash, clock_timestamp())
            on conflict (id_hash) do update set erased_at = excluded.erased_at
            """, new { hash = ErasureKey.Hash(key, candidateId) }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new Erased(pool, outcomes.Count, decisions);
    }

    /// <summary>An outcome's candidate snapshot under the pseudonym, reduced against the outcome's mission.</summary>
    Candidate Strip(string candidate, string mission, string pseudonym) => ErasedCandidate.Reduce(
        JsonSerializer.Deserialize(candidate, MatchingJson.Default.Candidate)!, JsonSerializer.Deserialize(mission, MatchingJson.Default.Mission)!, pseudonym, catalog);
}
