using Dapper;
using DbUp;
using DbUp.Engine;
using DbUp.Postgresql;
using Npgsql;

namespace Matching.Api.Database;

/// <summary>
/// The schema: the ordered <c>Database/Migrations/*.sql</c> files embedded in this assembly, applied by DbUp, each in
/// its own transaction and recorded in the <c>schemaversions</c> table. An advisory lock held around the upgrade lets
/// two instances start at once: the second waits, then finds nothing left to apply.
/// </summary>
public static class Migrations
{
    /// <summary>An arbitrary constant every instance of the service agrees on ("matching" in ASCII).</summary>
    const long LockKey = 0x6d61746368696e67;

    /// <summary>Applies the scripts not yet applied, in name order, and returns their names.</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_lock(@LockKey)", new { LockKey }, commandTimeout: 0, cancellationToken: cancellationToken));
        try
        {
            var upgrade = DeployChanges.To
                .PostgresqlDatabase(new PostgresqlConnectionManager(dataSource))
                .WithScriptsEmbeddedInAssembly(typeof(Migrations).Assembly, name => name.Contains(".Database.Migrations.", StringComparison.Ordinal))
                .WithTransactionPerScript()
                .WithVariablesDisabled()
                .LogTo(logger)
                .Build()
                .PerformUpgrade();
            if (!upgrade.Successful)
            {
                throw new InvalidOperationException($"Migration {upgrade.ErrorScript?.Name} failed: {upgrade.Error.Message}", upgrade.Error);
            }

            return [.. upgrade.Scripts.Select(ScriptName)];
        }
        finally
        {
            await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_unlock(@LockKey)", new { LockKey }, cancellationToken: CancellationToken.None));
        }
    }

    /// <summary>"Matching.Api.Database.Migrations.0001_talent_pool.sql" → "0001_talent_pool.sql".</summary>
    static string ScriptName(SqlScript script) => script.Name[(script.Name.IndexOf(".Migrations.", StringComparison.Ordinal) + ".Migrations.".Length)..];
}
