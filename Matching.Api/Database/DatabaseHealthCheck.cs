using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Matching.Api.Database;

/// <summary>
/// Degraded, not unhealthy, when the database cannot be reached: matching still answers, so the instance stays in rotation.
/// The answer comes within <see cref="DatabaseOptions.ReadinessTimeoutSeconds"/> whatever the database does: on a server
/// that stopped answering, Npgsql gives a statement up only after CommandTimeout, cancellation token or not.
/// </summary>
sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource, IOptions<DatabaseOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var timeout = TimeSpan.FromSeconds(options.Value.ReadinessTimeoutSeconds);
        var probe = ProbeAsync(timeout);
        try
        {
            return await probe.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The probe ends by itself once Npgsql gives up; the pool's other connections are as stuck, so none is reused.
            dataSource.Clear();
            return NoAnswer(timeout);
        }
    }

    /// <summary>Opens a connection and runs <c>select 1</c>; never throws for the database's sake, so an abandoned probe faults nothing.</summary>
    async Task<HealthCheckResult> ProbeAsync(TimeSpan timeout)
    {
        try
        {
            using var deadline = new CancellationTokenSource(timeout);
            await using var connection = await dataSource.OpenConnectionAsync(deadline.Token);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("select 1", cancellationToken: deadline.Token));
            return HealthCheckResult.Healthy("database reachable");
        }
        catch (NpgsqlException e)
        {
            dataSource.Clear();
            return HealthCheckResult.Degraded($"database unreachable ({e.InnerException?.GetType().Name ?? e.GetType().Name})");
        }
        catch (OperationCanceledException)
        {
            return NoAnswer(timeout);
        }
    }

    static HealthCheckResult NoAnswer(TimeSpan timeout) => HealthCheckResult.Degraded($"database did not answer within {timeout.TotalSeconds:0} s");
}
