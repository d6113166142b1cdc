using Matching.Api.Database;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Matching.Benchmarks;

/// <summary>The database the database benchmarks run against: --connection-string, else MATCHING_TEST_DATABASE.</summary>
static class BenchmarkDatabase
{
    /// <summary>The connection string; null, with what to do said on standard error, when neither is given.</summary>
    public static string? ConnectionString(string[] args)
    {
        var at = Array.IndexOf(args, "--connection-string");
        var connectionString = at < 0 ? Environment.GetEnvironmentVariable("MATCHING_TEST_DATABASE") : at + 1 < args.Length ? args[at + 1] : null;
        if (string.IsNullOrEmpty(connectionString))
        {
            Console.Error.WriteLine("Give --connection-string, or start the test cluster: eval \"$(scripts/postgres.sh start)\".");
            return null;
        }

        return connectionString;
    }

    /// <summary>A data source on the database, migrated, with <paramref name="tables"/> emptied.</summary>
    public static async Task<NpgsqlDataSource> OpenAsync(string connectionString, params string[] tables)
    {
        var dataSource = DatabaseServices.CreateDataSource(connectionString, new DatabaseOptions());
        await Migrations.ApplyAsync(dataSource, NullLogger.Instance, CancellationToken.None);
        if (tables.Length > 0)
        {
            await using var truncate = dataSource.CreateCommand($"truncate {string.Join(", ", tables)} cascade");
            await truncate.ExecuteNonQueryAsync();
        }

        return dataSource;
    }
}
