using System.Text.RegularExpressions;
using Dapper;
using Matching.Api.Cli;
using Matching.Api.Database;
using Microsoft.Extensions.Logging.Abstractions;

namespace Matching.Tests.Database;

[NonParallelizable]
public partial class MigrationTests
{
    static readonly string[] Tables = ["candidate_keys", "candidates", "decisions", "erasure_key", "erasures", "missions", "model_files", "model_promotions", "model_versions", "outcomes", "schemaversions"];

    static readonly string[] All = ["0001_talent_pool.sql", "0002_outcomes.sql", "0003_decision_log.sql", "0004_model_registry.sql", "0005_pool_keys.sql", "0006_erasures.sql", "0007_erasure_hmac.sql"];

    static async Task<string[]> TablesOf(string connectionString)
    {
        await using var dataSource = TestDatabase.Open(connectionString);
        await using var connection = await dataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<string>("select table_name from information_schema.tables where table_schema = 'public' order by table_name")];
    }

    [Test]
    public async Task Migrations_build_the_schema_from_empty_and_a_second_run_applies_nothing()
    {
        await using var empty = await TestDatabase.CreateEmptyAsync();
        await using var dataSource = TestDatabase.Open(empty.ConnectionString);

        var first = await Migrations.ApplyAsync(dataSource, NullLogger.Instance, CancellationToken.None);
        var second = await Migrations.ApplyAsync(dataSource, NullLogger.Instance, CancellationToken.None);

        Assert.That(first, Is.EqualTo(All));
        Assert.That(second, Is.Empty);
        Assert.That(await TablesOf(empty.ConnectionString), Is.EqualTo(Tables));
    }

    [Test]
    public async Task Two_instances_migrating_at_once_apply_each_migration_once()
    {
        await using var empty = await TestDatabase.CreateEmptyAsync();
        await using var one = TestDatabase.Open(empty.ConnectionString);
        await using var other = TestDatabase.Open(empty.ConnectionString);

        var runs = await Task.WhenAll(
            Task.Run(() => Migrations.ApplyAsync(one, NullLogger.Instance, CancellationToken.None)),
            Task.Run(() => Migrations.ApplyAsync(other, NullLogger.Instance, CancellationToken.None)));

        Assert.That(runs.SelectMany(r => r).Order(), Is.EqualTo(All));
        await using var connection = await one.OpenConnectionAsync();
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from schemaversions"), Is.EqualTo(All.Length));
    }

    [Test]
    public async Task Migration_files_are_numbered_in_order_without_gaps()
    {
        var names = typeof(Migrations).Assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".Database.Migrations.", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            .Select(n => n[(n.IndexOf(".Migrations.", StringComparison.Ordinal) + 12)..]).ToList();

        Assert.That(names, Has.All.Match(MigrationName()));
        var numbers = names.Select(n => int.Parse(n[..4], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(numbers, Is.EqualTo(Enumerable.Range(1, numbers.Max())), "numbered from 0001 without gaps");
        await Task.CompletedTask;
    }

    [Test]
    public async Task The_migrate_command_migrates_and_says_so()
    {
        await using var empty = await TestDatabase.CreateEmptyAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await MatchingCli.RunAsync(["migrate", "--connection-string", empty.ConnectionString], output, error);
        var again = await MatchingCli.RunAsync(["migrate", "--connection-string", empty.ConnectionString], output, error);

        Assert.That(code, Is.Zero, error.ToString());
        Assert.That(again, Is.Zero);
        Assert.That(error.ToString(), Does.Contain($"Applied {string.Join(", ", All)}.").And.Contain("The database is up to date."));
        Assert.That(await TablesOf(empty.ConnectionString), Is.EqualTo(Tables));
    }

    [Test]
    public async Task The_service_migrates_at_start_up_when_asked()
    {
        await using var empty = await TestDatabase.CreateEmptyAsync();
        using var app = new Api.MatchingApp();
        app.Settings["ConnectionStrings:Matching"] = empty.ConnectionString;
        app.Settings["Matching:Database:MigrateOnStart"] = "true";

        using var client = app.CreateClient();
        using var response = await client.GetAsync("/v1/candidates/nobody");

        Assert.That(response.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.NotFound));
        Assert.That(await TablesOf(empty.ConnectionString), Is.EqualTo(Tables));
    }

    [GeneratedRegex(@"^\d{4}_[a-z0-9_]+\.sql$")]
    private static partial Regex MigrationName();
}
