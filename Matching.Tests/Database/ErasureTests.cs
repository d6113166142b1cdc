using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Matching.Api.Candidates;
using Matching.Api.Cli;
using Matching.Api.Database;
using Matching.Api.Decisions;
using Matching.Core.Contracts;
using Matching.Core.History;
using Matching.Core.Validation;
using Matching.Training;
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

        // One pseudonym everywhere, and the snapshot still teaches: its skills stay, the description's as catalog names.
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
        Assert.That(experience.Skills, Is.EqualTo(new[] { "C#" }));
        Assert.That(experience.Description, Does.Contain("Python").And.Contain("Airflow"), "the skills the description named are kept");
        Assert.That(experience.Rating, Is.EqualTo(4));
    }

    [Test]
    public async Task A_ranking_another_instance_still_held_is_written_under_the_pseudonym()
    {
        // Another instance: its own decision log on the same database, holding a ranking of ada answered before the
        // erasure and not written yet.
        await using var dataSource = TestDatabase.Open();
        var other = new DecisionLog(dataSource, Options.Create(new DatabaseOptions()), NullLogger<DecisionLog>.Instance);
        other.Record(DecisionLogTests.Caller, DecisionLogTests.Response("late-1"), "mission-1", DecisionLog.Inline, Stopwatch.GetTimestamp());
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
    public async Task A_ranking_requested_after_an_erasure_of_an_id_since_re_created_keeps_it()
    {
        (await Put("/v1/missions/payments", JsonSerializer.Serialize(Build.Mission() with { Id = "payments" }, MatchingJson.Default.Mission))).Dispose();
        var ada = JsonSerializer.Serialize(Build.Candidate("ada", Build.Has("C#", 4), Build.Has("SQL")), MatchingJson.Default.Candidate);
        (await Put("/v1/candidates/ada", ada)).Dispose();
        using var erased = await Client.DeleteAsync("/v1/candidates/ada");
        (await Put("/v1/candidates/ada", ada)).Dispose();

        // The erasure moved back past the second allowed for its commit and clock drift (it was five minutes), as if it
        // had been erased 1.5 s before: the database's clock decides, so the test moves the erasure, not time.
        Assert.That(await Query<int>("with moved as (update erasures set erased_at = erased_at - interval '1.5 seconds' returning 1) select count(*)::int from moved"), Is.EqualTo(1));
        var suggested = await Json(await Client.GetAsync("/v1/missions/payments/suggestions"));
        await DecisionLogTests.Flush(App);
        var decisionLog = await Client.GetStringAsync($"/v1/decisions/{suggested.GetProperty("requestId").GetString()}");

        Assert.That(erased.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(suggested.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("candidateId").GetString()), Is.EqualTo(new[] { "ada" }));
        Assert.That(decisionLog, Does.Contain("\"ada\"").And.Not.Contain(Erasure.PseudonymPrefix));
    }

    [Test]
    public async Task Erasure_leaves_no_free_text_and_no_client_decision_id_of_the_person()
    {
        const string John = "john.smith-42";
        const string Decision = "m-erase-a@john.smith-42";
        const string Rated = "m-erase-b:john.smith-42";
        (await Put("/v1/missions/payments", JsonSerializer.Serialize(Build.Mission() with { Id = "payments", Location = "Paris" }, MatchingJson.Default.Mission))).Dispose();
        (await Put($"/v1/candidates/{John}", JsonSerializer.Serialize(
            Build.Candidate(John, Build.Has("C#", 4), Build.Has("secret-skill-k4za", 5)) with { Location = "Rue de la Paix 12a", Aspirations = ["secret-aspiration-q9z"] },
            MatchingJson.Default.Candidate))).Dispose();
        await Json(await Post("/v1/outcomes", $$"""
            { "missionId": "payments", "decisions": [
              { "clientDecisionId": "{{Decision}}", "candidateId": "{{John}}", "outcome": "proposed", "decidedAt": "2026-01-05T09:30:00Z" },
              { "clientDecisionId": "{{Rated}}", "candidateId": "{{John}}", "outcome": "staffed", "decidedAt": "2026-01-07T09:30:00Z" } ] }
            """));
        const string path = $"/v1/outcomes/{Rated}";
        using var ratedBefore = await Send(HttpMethod.Patch, path, """{ "rating": 4 }""");

        using var erased = await Client.DeleteAsync($"/v1/candidates/{John}");
        using var ratedAfter = await Send(HttpMethod.Patch, path, """{ "rating": 5 }""");
        var export = Path.Combine(Path.GetTempPath(), $"matching-erasure-{Guid.NewGuid():N}.jsonl");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await MatchingCli.RunAsync(["export-history", "--out", export, "--connection-string", TestDatabase.ConnectionString], output, error);
        var exported = File.ReadAllText(export);
        File.Delete(export);
        var stored = await Query<string>("select string_agg(client_decision_id || ' ' || candidate_id || ' ' || candidate::text, ' ') from outcomes");

        Assert.That(ratedBefore.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(erased.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(ratedAfter.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "the integrator's id is gone with the person");
        Assert.That(code, Is.Zero, error.ToString());
        foreach (var text in new[] { "john", "smith", "Rue de la Paix", "secret-" })
        {
            Assert.That(exported, Does.Not.Contain(text));
            Assert.That(stored, Does.Not.Contain(text));
        }

        Assert.That(await Query<long>("select count(distinct client_decision_id) from outcomes where client_decision_id like 'erased-%' and client_decision_id <> candidate_id"), Is.EqualTo(2),
            "each a pseudonym of its own, not the candidate's");
        Assert.That(exported, Does.Contain("\"elsewhere\"").And.Contain("\"rating\":4"), "what the model reads stays");
    }

    [Test]
    public async Task The_erasures_table_holds_a_keyed_hash_that_no_list_of_likely_ids_gives_back()
    {
        using var erased = await Client.DeleteAsync("/v1/candidates/emp-02970");
        var stored = await Query<byte[]>("select id_hash from erasures");
        var key = await Query<byte[]>("select key from erasure_key");

        Assert.That(erased.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nothing to erase, recorded all the same");
        Assert.That(key, Has.Length.GreaterThanOrEqualTo(DatabaseOptions.MinErasureKeyBytes));
        Assert.That(stored, Is.EqualTo(ErasureKey.Hash(key, "emp-02970")));
        var found = Enumerable.Range(0, 100_000).Select(i => $"emp-{i:D5}").Where(id => SHA256.HashData(Encoding.UTF8.GetBytes(id)).AsSpan().SequenceEqual(stored));
        Assert.That(found, Is.Empty, "an unkeyed hash of every likely id does not find it");
    }

    [Test]
    public void An_erasure_key_must_be_base64_of_at_least_32_bytes()
    {
        static bool Valid(string? key)
        {
            var options = new DatabaseOptions { ErasureKey = key };
            return Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true);
        }

        Assert.That(Valid(null), Is.True);
        Assert.That(Valid(Convert.ToBase64String(new byte[32])), Is.True);
        Assert.That(Valid(Convert.ToBase64String(new byte[31])), Is.False);
        Assert.That(Valid("not base64!"), Is.False);
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

/// <summary>A deployment that sets the erasure key: the service and another instance's decision log key erasures with it.</summary>
public class ConfiguredErasureKeyTests : DatabaseTests
{
    static readonly string Key = Convert.ToBase64String([.. Enumerable.Range(1, 32).Select(i => (byte)i)]);

    protected override void Configure(IDictionary<string, string?> settings) => settings["Matching:Database:ErasureKey"] = Key;

    [Test]
    public async Task Erasure_and_another_instances_decision_log_key_the_id_with_the_configured_secret()
    {
        await using var dataSource = TestDatabase.Open();
        var other = new DecisionLog(dataSource, Options.Create(new DatabaseOptions { ErasureKey = Key }), NullLogger<DecisionLog>.Instance);
        other.Record(DecisionLogTests.Caller, DecisionLogTests.Response("late-2"), "mission-1", DecisionLog.Inline, Stopwatch.GetTimestamp());

        using var erased = await Client.DeleteAsync("/v1/candidates/ada");
        await other.StartAsync(CancellationToken.None);
        await other.StopAsync(CancellationToken.None);
        await using var connection = await dataSource.OpenConnectionAsync();

        Assert.That(erased.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await connection.ExecuteScalarAsync<byte[]>("select id_hash from erasures"), Is.EqualTo(ErasureKey.Hash(Convert.FromBase64String(Key), "ada")));
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from erasure_key"), Is.Zero, "no key of its own in the database");
        var ids = await connection.ExecuteScalarAsync<string[]>("select candidate_ids from decisions where request_id = 'late-2'");
        Assert.That(ids![0], Does.StartWith(Erasure.PseudonymPrefix));
        Assert.That(ids[1], Is.EqualTo("bob"));
    }
}
