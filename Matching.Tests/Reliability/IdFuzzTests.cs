using System.Text;
using Dapper;
using Matching.Api.Hosting;
using Matching.Benchmarks;
using Matching.Tests.Api;
using Matching.Tests.Database;

namespace Matching.Tests.Reliability;

/// <summary>
/// The fuzz's hostile ids (a slash, dot segments, percent-encodings, bidi, confusable and control characters, lengths)
/// where every endpoint takes an id, on the test database: each a 400 naming the id's field, and nothing stored.
/// </summary>
public class IdFuzzTests : DatabaseTests
{
    [Test]
    public async Task Hostile_ids_are_refused_by_every_endpoint_naming_the_field_and_nothing_is_stored()
    {
        using var client = App.CreateAnonymousClient();
        var requests = new HostileRequests(FuzzTests.Seed, MatchingApp.AdminKey, MatchingApp.MatchKey, [Encoding.UTF8.GetBytes(OpenApiExamples.Read("match-request.json"))], "", database: true);

        var (statuses, failures, notSent) = await HostileRules.RunAsync(client, requests, from: 0, count: 400, parallelism: 4, idsOnly: true);
        await DecisionLogTests.Flush(App);

        Assert.That(failures, Is.Empty, $"seed {FuzzTests.Seed}:\n{string.Join("\n", failures.Take(10))}");
        Assert.That(notSent, Is.Empty);
        Assert.That(statuses.Keys, Is.EqualTo(new[] { 400 }));
        await using var dataSource = TestDatabase.Open();
        await using var connection = await dataSource.OpenConnectionAsync();
        Assert.That(await connection.ExecuteScalarAsync<long>(
            "select (select count(*) from candidates) + (select count(*) from missions) + (select count(*) from outcomes) + (select count(*) from decisions)"), Is.Zero);
    }
}
