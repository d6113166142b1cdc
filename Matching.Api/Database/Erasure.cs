using System.Data;
using System.Text.Json;
using Dapper;
using Matching.Core.Contracts;
using Matching.Core.Skills;
using Matching.Core.Validation;
using Npgsql;

namespace Matching.Api.Database;

/// <summary>What an erasure changed: the pool row removed (0 or 1), outcomes and decision-log rankings pseudonymised.</summary>
public sealed record Erased(int PoolRows, int Outcomes, int Rankings)
{
    public bool Any => PoolRows + Outcomes + Rankings > 0;
}

/// <summary>
/// The right to erasure (GDPR art. 17), in one transaction: the candidate leaves the pool, and in the outcomes and the
/// decision log their id becomes one random pseudonym (<c>erased-</c> + a UUID, linked to nothing); the id's SHA-256
/// goes to <c>erasures</c>, for rankings other instances still hold in their queues. The outcome
/// snapshots keep what the model reads (skills, levels, years, dates, availability, aspirations, languages, location,
/// active missions), so the decisions still teach; free text (experience titles and descriptions) is dropped, the
/// skills a description named kept as the experience's skill names.
/// </summary>
public sealed class Erasure(NpgsqlDataSource dataSource, SkillCatalog catalog)
{
    public const string PseudonymPrefix = "erased-";

    /// <summary>
    /// The advisory lock an erasure holds exclusively and every decision-log batch shares while it is written: a batch
    /// committed before the erasure is pseudonymised by it, a batch written after it reads its row in erasures.
    /// </summary>
    public const long WriteLock = 0x4D61_7463_6845_7261; // "MatchEra"

    public async Task<Erased> EraseAsync(string candidateId, CancellationToken cancellationToken)
    {
        var pseudonym = PseudonymPrefix + Guid.NewGuid().ToString("D");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Read committed, whatever the server's default: each statement after the lock must see what committed while
        // this waited for it (the decision-log batches it must pseudonymise).
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "select pg_advisory_xact_lock(@WriteLock)", new { WriteLock }, transaction, cancellationToken: cancellationToken));
        var pool = await connection.ExecuteAsync(new CommandDefinition(
            "delete from candidates where id = @candidateId", new { candidateId }, transaction, cancellationToken: cancellationToken));

        var snapshots = (await connection.QueryAsync<(string Id, string Candidate)>(new CommandDefinition(
            "select client_decision_id, candidate::text from outcomes where candidate_id = @candidateId for update",
            new { candidateId }, transaction, cancellationToken: cancellationToken))).ToList();
        if (snapshots.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                update outcomes set candidate_id = @pseudonym, candidate = d.candidate::jsonb
                from unnest(@ids, @candidates) as d(id, candidate)
                where client_decision_id = d.id
                """, new
            {
                pseudonym,
                ids = snapshots.Select(s => s.Id).ToArray(),
                candidates = snapshots.Select(s => JsonSerializer.Serialize(
                    Strip(JsonSerializer.Deserialize(s.Candidate, MatchingJson.Default.Candidate)!, pseudonym), MatchingJson.Default.Candidate)).ToArray(),
            }, transaction, cancellationToken: cancellationToken));
        }

        var decisions = await connection.ExecuteAsync(new CommandDefinition(
            "update decisions set candidate_ids = array_replace(candidate_ids, @candidateId, @pseudonym) where candidate_ids @> array[@candidateId]",
            new { pseudonym, candidateId }, transaction, cancellationToken: cancellationToken));
        // For rankings any instance still holds in its queue: written after this commits, they take a pseudonym too
        // (a new one: nothing kept maps the id's hash to this one). Recorded even when nothing was found to erase, as
        // the id may yet be in a queue.
        await connection.ExecuteAsync(new CommandDefinition("""
            insert into erasures (id_hash, erased_at) values (sha256(convert_to(@candidateId, 'UTF8')), now())
            on conflict (id_hash) do update set erased_at = excluded.erased_at
            """, new { candidateId }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new Erased(pool, snapshots.Count, decisions);
    }

    /// <summary>The snapshot under the pseudonym, without free text: experience titles and descriptions go, the skills a description named stay.</summary>
    public Candidate Strip(Candidate candidate, string pseudonym) => candidate with
    {
        Id = pseudonym,
        Experiences = candidate.Experiences?.Select(e => e with
        {
            Title = null,
            Description = null,
            Skills = string.IsNullOrWhiteSpace(e.Description) ? e.Skills : [.. (e.Skills ?? [])
                .Concat(catalog.Extract(e.Description, language: null).Select(s => catalog.Label(s.ConceptId)))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Take(MatchLimits.Default.MaxSkills)],
        }).ToList(),
    };
}
