using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Dapper;
using Matching.Api.Cli;
using Matching.Api.Database;
using Matching.Api.Decisions;
using Matching.Core.Contracts;
using Matching.Tests.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Matching.Tests.Database;

public class DecisionLogTests : DatabaseTests
{
    static readonly string[] Unavailable = ["unavailable"];

    /// <summary>A mission with an id, two candidates who can be ranked and one with no free time.</summary>
    static string MatchBody() => JsonSerializer.Serialize(Build.Request(Build.Mission(),
        Build.Candidate("ada", Build.Has("C#", 4), Build.Has("SQL")),
        Build.Candidate("bob", Build.Has("C#", 2)),
        Build.Candidate("carl", Build.Has("C#")) with { Availability = [] }), MatchingJson.Default.MatchRequest);

    internal static async Task Flush(MatchingApp app) =>
        Assert.That(await app.Services.GetRequiredService<DecisionLog>().FlushAsync(TimeSpan.FromSeconds(30), CancellationToken.None), Is.True, "the decision log was written");

    static async Task<long> Count(string sql, object? parameters = null)
    {
        await using var dataSource = TestDatabase.Open();
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    internal static MatchResponse Response(string requestId) => new()
    {
        RequestId = requestId,
        ModelVersion = "mlnet-test",
        Counts = new MatchCounts(2, 1, 1, 0),
        Results = [new RankedCandidate { CandidateId = "ada", Rank = 1, Score = 0.25 }],
        Excluded = [new ExcludedCandidate("bob", Unavailable, ["No free time in the mission window."])],
        UnrecognisedSkills = [],
    };

    internal const string Caller = "hr-platform";

    [Test]
    public async Task A_match_is_recorded_with_its_key_model_mission_results_and_exclusions_and_served_to_admins()
    {
        var response = await Json(await Post("/v1/match", MatchBody()));
        var requestId = response.GetProperty("requestId").GetString()!;
        await Flush(App);

        var record = await Json(await Client.GetAsync($"/v1/decisions/{requestId}"));

        Assert.That(record.GetProperty("requestId").GetString(), Is.EqualTo(requestId));
        var ranking = record.GetProperty("rankings").EnumerateArray().Single();
        Assert.That(ranking.GetProperty("keyId").GetString(), Is.EqualTo("test-admin"));
        Assert.That(ranking.GetProperty("modelVersion").GetString(), Is.EqualTo(response.GetProperty("modelVersion").GetString()));
        Assert.That(ranking.GetProperty("missionId").GetString(), Is.EqualTo("mission-1"));
        Assert.That(ranking.GetProperty("source").GetString(), Is.EqualTo("inline"));
        Assert.That(ranking.GetProperty("counts").GetProperty("received").GetInt32(), Is.EqualTo(3));
        Assert.That(ranking.GetProperty("answeredAt").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(5)));
        var results = ranking.GetProperty("results").EnumerateArray().Select(r => (r.GetProperty("candidateId").GetString(), r.GetProperty("rank").GetInt32(), r.GetProperty("score").GetDouble()));
        var returned = response.GetProperty("results").EnumerateArray().Select(r => (r.GetProperty("candidateId").GetString(), r.GetProperty("rank").GetInt32(), r.GetProperty("score").GetDouble()));
        Assert.That(results, Is.EqualTo(returned));
        Assert.That(results.Count(), Is.EqualTo(2));
        var excluded = ranking.GetProperty("excluded").EnumerateArray().Single();
        Assert.That(excluded.GetProperty("candidateId").GetString(), Is.EqualTo("carl"));
        Assert.That(excluded.GetProperty("codes").EnumerateArray().Select(c => c.GetString()), Is.EqualTo(Unavailable));
    }

    [Test]
    public async Task An_unknown_request_is_a_404_problem_and_reading_the_log_needs_the_admin_scope()
    {
        using var unknown = await Client.GetAsync("/v1/decisions/0000-unknown");
        using var matcher = App.CreateClient();
        matcher.DefaultRequestHeaders.Remove("X-Api-Key");
        matcher.DefaultRequestHeaders.Add("X-Api-Key", MatchingApp.MatchKey);
        using var forbidden = await matcher.GetAsync("/v1/decisions/0000-unknown");

        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(unknown.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(forbidden.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Stopping_writes_every_ranking_still_queued()
    {
        await using var dataSource = TestDatabase.Open();
        var log = new DecisionLog(dataSource, Options.Create(new DatabaseOptions()), NullLogger<DecisionLog>.Instance);
        await log.StartAsync(CancellationToken.None);
        var caller = Caller;
        for (var i = 0; i < 3000; i++)
        {
            log.Record(caller, Response($"stop-{i}"), "mission-1", DecisionLog.Inline, Stopwatch.GetTimestamp());
        }

        await log.StopAsync(CancellationToken.None);

        Assert.That(log.Written, Is.EqualTo(3000));
        Assert.That(log.Dropped, Is.Zero);
        Assert.That(await Count("select count(*) from decisions where request_id like 'stop-%' and key_id = 'hr-platform'"), Is.EqualTo(3000));
        Assert.That(await Count("select sum(cardinality(candidate_ids)) from decisions where request_id like 'stop-%'"), Is.EqualTo(6000));
    }

    [Test]
    public async Task Purging_removes_the_rankings_older_than_the_retention_and_keeps_the_rest()
    {
        await using (var dataSource = TestDatabase.Open())
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("""
                insert into decisions (request_id, answered_at, model_version, source, received, ranked, excluded, omitted, candidate_ids, ranks, scores, exclusion_codes)
                select 'purge-' || days, now() - days * interval '1 day', 'mlnet-test', 'inline', 1, 1, 0, 0, array['ada'], array[1], array[0.5], array[]::text[]
                from unnest(array[1, 29, 31, 400]) as days;
                insert into erasures (id_hash, erased_at)
                select sha256(convert_to('person-' || days, 'UTF8')), now() - days * interval '1 day'
                from unnest(array[1, 8]) as days
                """);
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await MatchingCli.RunAsync(["purge-decisions", "--retention-days", "30", "--connection-string", TestDatabase.ConnectionString], output, error);

        Assert.That(code, Is.Zero, error.ToString());
        Assert.That(error.ToString(), Does.Contain("Removed 2 rankings answered before"));
        Assert.That(await Count("select count(*) from decisions where request_id in ('purge-1', 'purge-29')"), Is.EqualTo(2));
        Assert.That(await Count("select count(*) from decisions where request_id like 'purge-%'"), Is.EqualTo(2));
        Assert.That(await Count("select count(*) from erasures where id_hash = sha256(convert_to('person-1', 'UTF8'))"), Is.EqualTo(1), "erasures are kept seven days");
        Assert.That(await Count("select count(*) from erasures"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_full_queue_drops_and_counts_new_rankings_instead_of_holding_them()
    {
        // Nothing listens on port 1: the writer keeps retrying, the queue fills.
        await using var unreachable = TestDatabase.Open("Host=127.0.0.1;Port=1;Username=nobody;Password=none;Database=none");
        var log = new DecisionLog(unreachable, Options.Create(new DatabaseOptions { DecisionQueueCapacity = 3 }), NullLogger<DecisionLog>.Instance);
        await log.StartAsync(CancellationToken.None);
        var caller = Caller;
        for (var i = 0; i < 10; i++)
        {
            log.Record(caller, Response($"full-{i}"), null, DecisionLog.Inline, Stopwatch.GetTimestamp());
        }

        var droppedWhileFull = log.Dropped;
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await log.StopAsync(giveUp.Token);

        Assert.That(droppedWhileFull, Is.EqualTo(7));
        Assert.That(log.Dropped, Is.EqualTo(10), "the three queued are counted when shutdown stops waiting");
        Assert.That(log.Written, Is.Zero);
    }

    [Test]
    public async Task While_the_database_is_down_matching_answers_and_its_rankings_are_written_once_it_is_back()
    {
        string requestId;
        TestDatabase.Server("pause");
        try
        {
            var response = await Json(await Post("/v1/match", MatchBody()));
            requestId = response.GetProperty("requestId").GetString()!;
            // Resumed only once the writer has met the stopped database.
            for (var i = 0; i < 200 && !App.Logs.Any(l => l.Contains("Decision log: the database is unavailable", StringComparison.Ordinal)); i++)
            {
                await Task.Delay(50);
            }
        }
        finally
        {
            TestDatabase.Server("resume");
        }

        await Flush(App);

        Assert.That(await Count("select count(*) from decisions where request_id = @requestId", new { requestId }), Is.EqualTo(1));
        Assert.That(App.Logs, Has.Some.StartsWith("[Warning]").And.Contains("Decision log: the database is unavailable"));
        Assert.That(App.Logs.Where(l => l.Contains("Decision log", StringComparison.Ordinal)),
            Has.None.Contains("ada").And.None.Contains("carl").And.None.StartsWith("[Error]"), "counts only, never candidate ids");
    }
}
