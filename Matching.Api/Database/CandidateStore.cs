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
}
