using System.Net;
using System.Text.Json;
using Dapper;
using Matching.Training;
using Matching.Api.Cli;
using Matching.Api.Database;
using Matching.Core.Contracts;
using Matching.Core.History;
using Matching.Core.Validation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Matching.Tests.Database;

public class ErasureTests : DatabaseTests
{
    const string Person = "person-5f1c2";

    static Candidate PersonWithHistory() => Build.Candidate(Person, Build.Has("C#", 4), Build.Has("SQL")) with
    {
        Experiences =
        [
            new Experience
            {
                Title = "Payments lead at Acme, with Jane Doe",
                Skills = ["C#"],
                Start = new DateOnly(2024, 1, 8),
                End = new DateOnly(2024, 9, 30),
                Rating = 4,
                Description = "Rewrote the nightly ETL in Python with Airflow.",
            },
        ],
    };

    static async Task<T> Query<T>(string sql, object? parameters = null)
    {
        await using var dataSource = TestDatabase.Open();
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<T>(sql, parameters) ?? throw new InvalidOperationException("no value");
    }

    [Test]
    public async Task Erasure_reaches_the_pool_the_outcomes_the_decision_log_and_every_later_export()
    {
        (await Put("/v1/missions/payments", JsonSerializer.Serialize(Build.Mission() with { Id = "payments" }, MatchingJson.Default.Mission))).Dispose();
        (await Put($"/v1/candidates/{Person}", JsonSerializer.Serialize(PersonWithHistory(), MatchingJson.Default.Candidate))).Dispose();
        (await Put("/v1/candidates/bob", JsonSerializer.Serialize(Build.Candidate("bob", Build.Has("C#")), MatchingJson.Default.Candidate))).Dispose();
        await Json(await Post("/v1/outcomes", $$"""
            { "missionId": "payments", "decisions": [
              { "clientDecisionId": "d-1", "candidateId": "{{Person}}", "outcome": "proposed", "decidedAt": "2026-01-05T09:30:00Z" },
              { "clientDecisionId": "d-2", "candidateId": "{{Person}}", "outcome": "staffed", "decidedAt": "2026-01-07T09:30:00Z" },
              { "clientDecisionId": "d-3", "candidateId": "bob", "outcome": "rejected", "decidedAt": "2026-01-06T09:31:00Z" }
            ] }
            """));
        var match = await Json(await Post("/v1/match", JsonSerializer.Serialize(
            Build.Request(Build.Mission(), PersonWithHistory(), Build.Candidate("bob", Build.Has("C#"))), MatchingJson.Default.MatchRequest)));
        var requestId = match.GetProperty("requestId").GetString()!;
        await DecisionLogTests.Flush(App);

        using var erased = await Client.DeleteAsync($"/v1/candidates/{Person}");
        using var gone = await Client.GetAsync($"/v1/candidates/{Person}");
        var export = Path.Combine(Path.GetTempPath(), $"matching-erasure-{Guid.NewGuid():N}.jsonl");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await MatchingCli.RunAsync(["export-history", "--out", export, "--connection-string", TestDatabase.ConnectionString], output, error);
        var lines = File.ReadAllLines(export);
        File.Delete(export);
        var decisionLog = await Client.GetStringAsync($"/v1/decisions/{requestId}");

        Assert.That(erased.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(code, Is.Zero, error.ToString());
        Assert.That(string.Join("\n", lines), Does.Not.Contain(Person).And.Not.Contain("Acme").And.Not.Contain("Jane").And.Not.Contain("nightly"));
        Assert.That(decisionLog, Does.Not.Contain(Person));
        Assert.That(await Query<long>("select count(*) from outcomes where candidate_id = @Person or candidate::text like '%' || @Person || '%'", new { Person }), Is.Zero);
        Assert.That(await Query<long>("select count(*) from decisions where candidate_ids @> array[@Person]", new { Person }), Is.Zero);
        // Messages and their values, but not ASP.NET Core's request lines and RequestPath scope: production logs
        // Microsoft.AspNetCore at Warning only, and its Serilog drops RequestPath.
        Assert.That(App.Logs
            .Where(l => !l.Contains("| Request starting", StringComparison.Ordinal) && !l.Contains("| Request finished", StringComparison.Ordinal))
            .Select(l => string.Join(" | ", l.Split(" | ").TakeWhile(part => !part.Contains("SpanId=", StringComparison.Ordinal)))),
            Has.Some.Contains("Erasure: 1 pool rows removed, 2 outcomes and 1 logged rankings pseudonymised").And.None.Contains(Person), "counts only, never the person");

        // One pseudonym everywhere, and the snapshot still teaches: its skills stay, the description's as skill names.
        var pseudonym = await Query<string>("select distinct candidate_id from outcomes where candidate_id like 'erased-%'");
        Assert.That(await Query<long>("select count(*) from outcomes where candidate_id = @pseudonym", new { pseudonym }), Is.EqualTo(2));
        Assert.That(decisionLog, Does.Contain(pseudonym));
        var line = HistoryReader.Parse(1, lines.Single(), new MatchRequestValidator(MatchLimits.Default));
        Assert.That(line.Error, Is.Null);
        var entry = line.Valid!.Mission.Candidates!.Single(c => c.Candidate!.Id == pseudonym);
        Assert.That(entry.Outcome, Is.EqualTo(Outcome.Staffed));
        Assert.That(entry.Candidate!.Skills!.Select(s => s.Name), Is.EqualTo(new[] { "C#", "SQL" }));
        var experience = entry.Candidate.Experiences!.Single();
        Assert.That(experience.Title, Is.Null);
        Assert.That(experience.Description, Is.Null);
        Assert.That(experience.Skills, Has.Member("C#").And.Count.GreaterThan(1), "the skills the description named are kept");
        Assert.That(experience.Rating, Is.EqualTo(4));
    }

    [Test]
    public async Task A_ranking_another_instance_still_held_is_written_under_the_pseudonym()
    {
        // Another instance: its own decision log on the same database, holding a ranking of ada answered before the
        // erasure and not written yet.
        await using var dataSource = TestDatabase.Open();
        var other = new DecisionLog(dataSource, Options.Create(new DatabaseOptions()), NullLogger<DecisionLog>.Instance);
        other.Record(DecisionLogTests.Caller(), DecisionLogTests.Response("late-1"), "mission-1", DecisionLog.Inline);
        (await Put("/v1/candidates/ada", JsonSerializer.Serialize(Build.Candidate("ada", Build.Has("C#")), MatchingJson.Default.Candidate))).Dispose();

        using var erased = await Client.DeleteAsync("/v1/candidates/ada");
        await other.StartAsync(CancellationToken.None);
        await other.StopAsync(CancellationToken.None);

        Assert.That(erased.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(other.Written, Is.EqualTo(1));
        var ids = await Query<string[]>("select candidate_ids from decisions where request_id = 'late-1'");
        Assert.That(ids[0], Does.StartWith(Erasure.PseudonymPrefix), "the late ranking carries a pseudonym");
        Assert.That(ids[1], Is.EqualTo("bob"), "the others keep their ids");
        Assert.That(await Query<long>("select count(*) from decisions where candidate_ids @> array['ada']"), Is.Zero);
    }

    [Test]
    public async Task A_ranking_answered_after_an_erasure_keeps_its_ids()
    {
        // Erased an hour ago (past the five minutes allowed for clocks): a ranking answered now is new data, not a late one.
        await using var dataSource = TestDatabase.Open();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("insert into erasures (id_hash, erased_at) values (sha256(convert_to('ada', 'UTF8')), now() - interval '1 hour')");
        }

        var log = new DecisionLog(dataSource, Options.Create(new DatabaseOptions()), NullLogger<DecisionLog>.Instance);
        log.Record(DecisionLogTests.Caller(), DecisionLogTests.Response("after-1"), "mission-1", DecisionLog.Inline);
        await log.StartAsync(CancellationToken.None);
        await log.StopAsync(CancellationToken.None);

        Assert.That(await Query<string[]>("select candidate_ids from decisions where request_id = 'after-1'"), Is.EqualTo(new[] { "ada", "bob" }));
    }

    [Test]
    public async Task Someone_only_ranked_inline_is_erased_from_the_decision_log()
    {
        var match = await Json(await Post("/v1/match", JsonSerializer.Serialize(
            Build.Request(Build.Mission(), Build.Candidate(Person, Build.Has("C#"))), MatchingJson.Default.MatchRequest)));
        await DecisionLogTests.Flush(App);

        using var erased = await Client.DeleteAsync($"/v1/candidates/{Person}");

        Assert.That(erased.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await Client.GetStringAsync($"/v1/decisions/{match.GetProperty("requestId").GetString()}"), Does.Not.Contain(Person).And.Contains("erased-"));
    }
}
