using System.Data;
using System.Text.Json;
using Dapper;
using Matching.Core.Contracts;
using Matching.Core.Features;
using Matching.Core.Skills;
using Npgsql;
using NpgsqlTypes;

namespace Matching.Api.Candidates;

/// <summary>The talent pool: one row per candidate, its profile as the API received it and the columns that narrow the pool.</summary>
public sealed class CandidateStore(NpgsqlDataSource dataSource, SkillCatalog catalog)
{
    /// <summary>Stores the candidate in one statement, so two writers of one candidate never mix their profiles. True when it was new.</summary>
    public async Task<bool> UpsertAsync(Candidate candidate, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into candidates (id, profile, skills, aspirations, languages, availability, catalog_version)
            values (@Id, @Profile, @Skills, @Aspirations, @Languages, @Availability::datemultirange, @CatalogVersion)
            on conflict (id) do update set
                profile = excluded.profile, skills = excluded.skills, aspirations = excluded.aspirations, languages = excluded.languages,
                availability = excluded.availability, catalog_version = excluded.catalog_version, updated_at = now()
            returning xmax = 0
            """;
        var columns = CandidateColumns.Of(candidate, catalog);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(sql, new
        {
            candidate.Id,
            Profile = JsonSerializer.Serialize(candidate, MatchingJson.Default.Candidate),
            columns.Skills,
            columns.Aspirations,
            columns.Languages,
            columns.Availability,
            CatalogVersion = catalog.Version,
        }, cancellationToken: cancellationToken));
    }

    public async Task<Candidate?> GetAsync(string id, CancellationToken cancellationToken)
    {
        const string sql = "select profile from candidates where id = @id";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var profile = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(sql, new { id }, cancellationToken: cancellationToken));
        return profile is null ? null : JsonSerializer.Deserialize(profile, MatchingJson.Default.Candidate);
    }

    /// <summary>
    /// The stored candidates to rank for a mission, and how many each rule leaves out. The exclusion rules only drop
    /// candidates the ranker would exclude anyway (they err on the side of keeping): known availability with no free
    /// day in the window, a mandatory skill held under none of its names, known languages sharing none of the
    /// mission's. Of the candidates they keep, the relevance rule (unless the filter includes the unrelated) drops
    /// those who hold, have used, or aspire to none of the mission's skills or their neighbours. Of those kept, the
    /// <see cref="PoolFilter.Shortlist"/> with the highest <see cref="CoverageBound"/> (what their stored skills could
    /// cover of the mission times the share of its days they have free) are read; the others are counted.
    /// </summary>
    public async Task<PoolSlice> PrefilterAsync(PoolFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot for the counts, the shortlist and the profiles read.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var (hashOf, bound) = await BoundAsync(connection, filter, transaction, cancellationToken);

        // The exclusion rules are cheap: one pass over the narrow candidate_keys table counts what each leaves out.
        // Relevance (holding or aspiring to a key bearing on the mission) is asked of the GIN indexes instead, which
        // answer it 3× faster than comparing every row's keys; the planner, misjudging how many rows the overlap
        // keeps, would scan instead, hence enable_seqscan off for the rest of this read-only transaction (after the
        // counts, which do scan; the profiles are then read by primary key either way).
        const string exclusions = """
            availability is null or availability && daterange(@start, @end, '[]') as available,
            skills @> @mandatory as holds_mandatory,
            cardinality(@languages) = 0 or languages is null or languages && @languages as speaks
            """;
        long[] mandatory = [.. filter.Mandatory.Select(k => hashOf[k]).Distinct()];
        long[] related = [.. filter.Bearings.Select(b => hashOf[b.Key]).Distinct()];
        NpgsqlCommand Command(string sql) => new(sql, connection, transaction)
        {
            Parameters =
            {
                new("start", filter.Start), new("end", filter.End), new("mandatory", mandatory), new("languages", filter.Languages), new("related", related),
            },
        };

        int stored, unavailable, missingMandatory, noSharedLanguage, passing, unrelated = 0;
        await using (var counts = Command($"""
            select count(*)::int, count(*) filter (where not available)::int, count(*) filter (where not holds_mandatory)::int,
                   count(*) filter (where not speaks)::int, count(*) filter (where available and holds_mandatory and speaks)::int
            from (select {exclusions} from candidate_keys offset 0) rules
            """))
        await using (var reader = await counts.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (stored, unavailable, missingMandatory, noSharedLanguage, passing) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4));
        }

        if (!filter.IncludeUnrelated)
        {
            await using var index = new NpgsqlCommand("set local enable_seqscan = off", connection, transaction);
            await index.ExecuteNonQueryAsync(cancellationToken);
        }

        var kept = new List<(string Id, float Relevance, float Aspiration)>();
        var days = new (DateOnly First, DateOnly Last)[4];
        await using (var rows = Command($"""
            select id, skills, aspirations, skills && @related or aspirations && @related, availability
            from (select id, skills, aspirations, availability, {exclusions} from candidate_keys {(filter.IncludeUnrelated ? "" : "where skills && @related or aspirations && @related")} offset 0) rules
            where available and holds_mandatory and speaks
            """))
        await using (var reader = await rows.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                unrelated += reader.GetBoolean(3) ? 0 : 1;
                var free = reader.IsDBNull(4) ? 1f : CoverageBound.FreeShare(FreeDays(reader.GetFieldValue<NpgsqlRange<DateOnly>[]>(4), ref days), filter.Start, filter.End);
                kept.Add((reader.GetString(0), free * bound.Of(reader.GetFieldValue<long[]>(1)), bound.Of(reader.GetFieldValue<long[]>(2))));
            }
        }

        if (!filter.IncludeUnrelated)
        {
            unrelated = passing - kept.Count;
        }

        var read = kept;
        if (kept.Count > filter.Shortlist)
        {
            // The most relevant first; the same shortlist whatever order the rows came in.
            kept.Sort((a, b) => b.Relevance != a.Relevance ? b.Relevance.CompareTo(a.Relevance)
                : b.Aspiration != a.Aspiration ? b.Aspiration.CompareTo(a.Aspiration)
                : string.CompareOrdinal(a.Id, b.Id));
            // Equals at the cut are read together (up to twice the shortlist): the order cannot tell them apart, so
            // it does not choose between them; only beyond that does the order of aspirations, then ids, decide.
            var take = filter.Shortlist;
            var limit = (int)Math.Min(2L * take, kept.Count);
            while (take < limit && kept[take].Relevance == kept[take - 1].Relevance)
            {
                take++;
            }

            read = kept[..take];
        }

        // Each profile as the UTF-8 bytes PostgreSQL sends: no string is made of it, the candidate reader parses the bytes.
        var profiles = new List<byte[]>(read.Count);
        await using (var select = new NpgsqlCommand("select profile from candidates where id = any(@ids)", connection, transaction)
        {
            Parameters = { new("ids", read.Select(k => k.Id).ToArray()) },
        })
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                await using var stream = await reader.GetStreamAsync(0, cancellationToken);
                var bytes = new byte[stream.Length];
                await stream.ReadExactlyAsync(bytes, cancellationToken);
                profiles.Add(bytes);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new PoolSlice(stored, unavailable, missingMandatory, noSharedLanguage, unrelated, kept.Count - read.Count) { Profiles = profiles };
    }

    /// <summary>
    /// The key's hashes as the GIN indexes of candidate_keys hold them, and the shortlist's <see cref="CoverageBound{TKey}"/>
    /// over them: the bound is read from the same hashes the rows hold.
    /// </summary>
    static async Task<(Dictionary<string, long> HashOf, CoverageBound<long> Bound)> BoundAsync(
        NpgsqlConnection connection, PoolFilter filter, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        string[] keys = [.. filter.Bearings.Select(b => b.Key).Concat(filter.Mandatory).Distinct()];
        var hashes = await connection.QueryAsync<long>(new CommandDefinition(
            "select hashtextextended(key, 0) from unnest(@keys) with ordinality as k(key, n) order by n", new { keys }, transaction, cancellationToken: cancellationToken));
        var hashOf = keys.Zip(hashes).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        return (hashOf, new CoverageBound<long>(filter.Bearings.Select(b => (hashOf[b.Key], b.Required, b.Credit)), filter.Weights));
    }

    /// <summary>The free days of a stored availability: PostgreSQL sends a datemultirange's ranges as [lower, upper).</summary>
    /// <summary>A datemultirange's ranges (sorted, disjoint, upper bounds excluded) as days with both ends included, in one buffer reused per row.</summary>
    static ReadOnlySpan<(DateOnly First, DateOnly Last)> FreeDays(NpgsqlRange<DateOnly>[] free, ref (DateOnly First, DateOnly Last)[] buffer)
    {
        if (buffer.Length < free.Length)
        {
            buffer = new (DateOnly, DateOnly)[free.Length];
        }

        for (var i = 0; i < free.Length; i++)
        {
            var range = free[i];
            buffer[i] = (range.LowerBoundInfinite ? DateOnly.MinValue : range.LowerBound, range.UpperBoundInfinite ? DateOnly.MaxValue : range.UpperBound.AddDays(-1));
        }

        return buffer.AsSpan(0, free.Length);
    }
}

/// <summary>
/// What a mission asks of the pool: its window, the keys of its mandatory skills, its languages in lower case, the
/// keys of every skill bearing on a required one (with the required skill's index and the credit it gives), the
/// required skills' weights, whether candidates holding or aspiring to none of them are ranked too, and how many of
/// the kept candidates to read at most.
/// </summary>
public sealed record PoolFilter(
    DateOnly Start, DateOnly End, string[] Mandatory, string[] Languages, PoolBearing[] Bearings, float[] Weights, bool IncludeUnrelated, int Shortlist);

/// <summary>A stored key that bears on the mission's required skill <see cref="Required"/>, with the credit holding it gives.</summary>
public readonly record struct PoolBearing(string Key, int Required, float Credit);

/// <summary>The pool's size, how many candidates each rule leaves out, how many the shortlist left unread, and the profiles read (UTF-8 JSON).</summary>
public sealed record PoolSlice(int Stored, int Unavailable, int MissingMandatorySkill, int NoSharedLanguage, int Unrelated, int BelowShortlist)
{
    public IReadOnlyList<byte[]> Profiles { get; init; } = [];
}
