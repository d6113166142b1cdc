using System.Diagnostics;
using Matching.Api.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Respawn;
using Respawn.Graph;

namespace Matching.Tests.Database;

/// <summary>
/// The PostgreSQL cluster scripts/test.sh starts (scripts/postgres.sh): its connection string in MATCHING_TEST_DATABASE,
/// its directory in MATCHING_TEST_POSTGRES. Without them the database tests are skipped, or failed in CI.
/// </summary>
static class TestDatabase
{
    static readonly SemaphoreSlim Gate = new(1, 1);
    static Respawner? respawner;

    public static string ConnectionString
    {
        get
        {
            var connectionString = Environment.GetEnvironmentVariable("MATCHING_TEST_DATABASE");
            if (string.IsNullOrEmpty(connectionString))
            {
                Prerequisite.Missing("PostgreSQL for the database tests: run them with scripts/test.sh, or eval \"$(scripts/postgres.sh start)\" first");
            }

            return connectionString!;
        }
    }

    public static NpgsqlDataSource Open(string? connectionString = null) =>
        DatabaseServices.CreateDataSource(connectionString ?? ConnectionString, new DatabaseOptions());

    /// <summary>The test database migrated, and emptied of everything but the migrations journal.</summary>
    public static async Task ResetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            await using var dataSource = Open();
            await using var connection = await dataSource.OpenConnectionAsync();
            if (respawner is null)
            {
                await Migrations.ApplyAsync(dataSource, NullLogger.Instance, CancellationToken.None);
                respawner = await Respawner.CreateAsync(connection, new RespawnerOptions
                {
                    DbAdapter = DbAdapter.Postgres,
                    SchemasToInclude = ["public"],
                    TablesToIgnore = [new Table("schemaversions")],
                });
            }

            await respawner.ResetAsync(connection);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A new, empty database on the test cluster, dropped when disposed.</summary>
    public static async Task<EmptyDatabase> CreateEmptyAsync()
    {
        var name = $"matching_empty_{Guid.NewGuid():N}";
        await using (var admin = Open())
        {
            await admin.CreateCommand($"create database {name}").ExecuteNonQueryAsync();
        }

        return new EmptyDatabase(name, new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString);
    }

    public sealed record EmptyDatabase(string Name, string ConnectionString) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = Open();
            await admin.CreateCommand($"drop database if exists {Name} with (force)").ExecuteNonQueryAsync();
        }
    }

    /// <summary>Stops (<c>pause</c>) or starts again (<c>resume</c>) the test cluster, keeping its data.</summary>
    public static void Server(string action)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("MATCHING_TEST_POSTGRES")))
        {
            Prerequisite.Missing("The test cluster's directory (MATCHING_TEST_POSTGRES, set by scripts/postgres.sh start)");
        }

        using var process = Process.Start(new ProcessStartInfo("bash", [RepositoryFiles.Path("scripts", "postgres.sh"), action])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"scripts/postgres.sh {action}: {error}");
    }
}
