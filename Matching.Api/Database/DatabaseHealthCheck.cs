using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Matching.Api.Database;

/// <summary>Degraded, not unhealthy, when the database cannot be reached: matching still answers, so the instance stays in rotation.</summary>
sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("select 1", cancellationToken: cancellationToken));
            return HealthCheckResult.Healthy("database reachable");
        }
        catch (NpgsqlException e)
        {
            dataSource.Clear();
            return HealthCheckResult.Degraded($"database unreachable ({e.InnerException?.GetType().Name ?? e.GetType().Name})");
        }
    }
}
