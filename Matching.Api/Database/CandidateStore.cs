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
            insert into candidates (id, profile, skills, languages, availability, catalog_version)
            values (@Id, @Profile::jsonb, @Skills, @Languages, @Availability::datemultirange, @CatalogVersion)
            on conflict (id) do update set
                profile = excluded.profile, skills = excluded.skills, languages = excluded.languages,
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

    /// <summary>Removes the candidate from the pool; false when no such candidate was stored.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        const string sql = "delete from candidates where id = @id";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(sql, new { id }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>
    /// The stored candidates the ranker could rank for a mission, and how many each exclusion rule leaves out. The
    /// filter only drops candidates the ranker would exclude anyway (it errs on the side of keeping): known
    /// availability with no free day in the window, a mandatory skill held under none of its names, known languages
    /// sharing none of the mission's.
    /// </summary>
    public async Task<PoolSlice> PrefilterAsync(PoolFilter filter, CancellationToken cancellationToken)
    {
        const string sql = """
            select
                count(*)::int as Stored,
                count(*) filter (where not (availability is null or availability && daterange(@Start, @End, '[]')))::int as Unavailable,
                count(*) filter (where not (skills @> @Mandatory))::int as MissingMandatorySkill,
                count(*) filter (where not (cardinality(@Languages) = 0 or languages is null or languages && @Languages))::int as NoSharedLanguage
            from candidates;
            select profile::text
            from candidates
            where (availability is null or availability && daterange(@Start, @End, '[]'))
              and skills @> @Mandatory
              and (cardinality(@Languages) = 0 or languages is null or languages && @Languages)
            order by id;
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(sql, filter, cancellationToken: cancellationToken));
        var counts = await results.ReadSingleAsync<PoolSlice>();
        var profiles = (await results.ReadAsync<string>()).AsList();
        return counts with { Profiles = profiles };
    }
}

/// <summary>What a mission asks of the pool: its window, the keys of its mandatory skills, its languages in lower case.</summary>
public sealed record PoolFilter(DateOnly Start, DateOnly End, string[] Mandatory, string[] Languages);

/// <summary>The pool's size, how many candidates each exclusion rule leaves out, and the profiles left (JSON).</summary>
public sealed record PoolSlice(int Stored, int Unavailable, int MissingMandatorySkill, int NoSharedLanguage)
{
    public IReadOnlyList<string> Profiles { get; init; } = [];
}
