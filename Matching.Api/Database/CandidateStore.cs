using System.Text.Json;
using Dapper;
using Matching.Core.Contracts;
using Matching.Core.Skills;
using Npgsql;

namespace Matching.Api.Database;

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
    /// The stored candidates the ranker could rank for a mission, and how many each rule leaves out. The exclusion
    /// rules only drop candidates the ranker would exclude anyway (they err on the side of keeping): known
    /// availability with no free day in the window, a mandatory skill held under none of its names, known languages
    /// sharing none of the mission's. The relevance rule (unless the filter includes the unrelated) drops those who
    /// hold, have used, or aspire to none of the mission's skills or their neighbours.
    /// </summary>
    public async Task<PoolSlice> PrefilterAsync(PoolFilter filter, CancellationToken cancellationToken)
    {
        // One pass over the pool, in id order (the same answer whatever the order rows were written in): each rule is
        // evaluated once per row and its outcome counted here, and a profile is sent only for a row every rule keeps.
        const string sql = """
            select available, holds_mandatory, speaks, related,
                   case when available and holds_mandatory and speaks and (@includeUnrelated or related) then profile end
            from (
                select profile,
                       availability is null or availability && daterange(@start, @end, '[]') as available,
                       skills @> @mandatory as holds_mandatory,
                       cardinality(@languages) = 0 or languages is null or languages && @languages as speaks,
                       -- Not "skills && @related": an overlap compares every pair (20 keys × hundreds); "= any" of a
                       -- bound array is one hash probe per key (4.5× faster over 100,000 rows).
                       exists (select 1 from unnest(skills || aspirations) key where key = any(@related)) as related
                from candidates
                order by id
            ) rules
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Filtered(sql, filter);
        command.Connection = connection;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        int stored = 0, unavailable = 0, missingMandatory = 0, noSharedLanguage = 0, unrelated = 0;
        // Each profile as the UTF-8 bytes PostgreSQL sends: no string is made of it, the candidate reader parses the bytes.
        var read = new List<byte[]>();
        while (await reader.ReadAsync(cancellationToken))
        {
            stored++;
            unavailable += reader.GetBoolean(0) ? 0 : 1;
            missingMandatory += reader.GetBoolean(1) ? 0 : 1;
            noSharedLanguage += reader.GetBoolean(2) ? 0 : 1;
            unrelated += reader.GetBoolean(3) ? 0 : 1;
            if (!reader.IsDBNull(4))
            {
                await using var stream = await reader.GetStreamAsync(4, cancellationToken);
                var bytes = new byte[stream.Length];
                await stream.ReadExactlyAsync(bytes, cancellationToken);
                read.Add(bytes);
            }
        }

        return new PoolSlice(stored, unavailable, missingMandatory, noSharedLanguage, unrelated) { Profiles = read };
    }

    static NpgsqlCommand Filtered(string sql, PoolFilter filter) => new(sql)
    {
        Parameters =
        {
            new("start", filter.Start), new("end", filter.End),
            new("mandatory", filter.Mandatory), new("languages", filter.Languages),
            new("related", filter.Related), new("includeUnrelated", filter.IncludeUnrelated),
        },
    };
}

/// <summary>
/// What a mission asks of the pool: its window, the keys of its mandatory skills, its languages in lower case, and
/// the keys of every skill bearing on its required ones (unless <see cref="IncludeUnrelated"/>, candidates holding or
/// aspiring to none of them are left out).
/// </summary>
public sealed record PoolFilter(DateOnly Start, DateOnly End, string[] Mandatory, string[] Languages, string[] Related, bool IncludeUnrelated);

/// <summary>The pool's size, how many candidates each exclusion rule leaves out, and the profiles left (UTF-8 JSON).</summary>
public sealed record PoolSlice(int Stored, int Unavailable, int MissingMandatorySkill, int NoSharedLanguage, int Unrelated)
{
    public IReadOnlyList<byte[]> Profiles { get; init; } = [];
}
