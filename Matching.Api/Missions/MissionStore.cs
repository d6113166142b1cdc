using System.Text.Json;
using Dapper;
using Matching.Core.Contracts;
using Npgsql;

namespace Matching.Api.Missions;

/// <summary>Missions to staff, as the API received them, with their dates beside.</summary>
public sealed class MissionStore(NpgsqlDataSource dataSource)
{
    /// <summary>Stores the mission in one statement; true when it was new.</summary>
    public async Task<bool> UpsertAsync(Mission mission, CancellationToken cancellationToken)
    {
        const string sql = """
            insert into missions (id, mission, starts_on, ends_on)
            values (@Id, @Json::jsonb, @Start, @End)
            on conflict (id) do update set
                mission = excluded.mission, starts_on = excluded.starts_on, ends_on = excluded.ends_on, updated_at = now()
            returning xmax = 0
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(sql, new
        {
            mission.Id,
            Json = JsonSerializer.Serialize(mission, MatchingJson.Default.Mission),
            mission.Start,
            mission.End,
        }, cancellationToken: cancellationToken));
    }

    public async Task<Mission?> GetAsync(string id, CancellationToken cancellationToken)
    {
        const string sql = "select mission from missions where id = @id";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var json = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(sql, new { id }, cancellationToken: cancellationToken));
        return json is null ? null : JsonSerializer.Deserialize(json, MatchingJson.Default.Mission);
    }
}
