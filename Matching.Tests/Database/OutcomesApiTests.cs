using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using Matching.Core.Contracts;
using Matching.Core.History;

namespace Matching.Tests.Database;

public class OutcomesApiTests : DatabaseTests
{
    [SetUp]
    public async Task StoreAMissionAndTwoCandidates()
    {
        (await Put("/v1/missions/payments", JsonSerializer.Serialize(Build.Mission() with { Id = "payments" }, MatchingJson.Default.Mission))).Dispose();
        foreach (var id in new[] { "ada", "bob" })
        {
            (await Put($"/v1/candidates/{id}", JsonSerializer.Serialize(Build.Candidate(id, Build.Has("C#")), MatchingJson.Default.Candidate))).Dispose();
        }
    }

    const string Batch = """
        { "missionId": "payments", "decisions": [
          { "clientDecisionId": "d-1", "candidateId": "ada", "outcome": "shortlisted", "decidedAt": "2026-01-05T09:30:00+01:00" },
          { "clientDecisionId": "d-2", "candidateId": "bob", "outcome": "rejected", "decidedAt": "2026-01-05T09:31:00Z" }
        ] }
        """;

    static async Task<long> Count(string where = "true")
    {
        await using var dataSource = TestDatabase.Open();
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>($"select count(*) from outcomes where {where}");
    }

    [Test]
    public async Task A_batch_is_recorded_with_snapshots_of_the_mission_and_candidates()
    {
        var recorded = await Json(await Post("/v1/outcomes", Batch));

        Assert.That(recorded.GetProperty("missionId").GetString(), Is.EqualTo("payments"));
        var first = recorded.GetProperty("decisions")[0];
        Assert.That(first.GetProperty("clientDecisionId").GetString(), Is.EqualTo("d-1"));
        Assert.That(first.GetProperty("decidedAt").GetDateTimeOffset(), Is.EqualTo(DateTimeOffset.Parse("2026-01-05T08:30:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(await Count("mission->>'id' = 'payments' and candidate->>'id' = candidate_id and candidate->'skills'->0->>'name' = 'C#'"), Is.EqualTo(2));
    }

    [Test]
    public async Task The_snapshot_is_the_candidate_as_known_at_decision_time()
    {
        (await Post("/v1/outcomes", Batch)).Dispose();
        (await Put("/v1/candidates/ada", JsonSerializer.Serialize(Build.Candidate("ada", Build.Has("Python")), MatchingJson.Default.Candidate))).Dispose();
        (await Client.DeleteAsync("/v1/candidates/bob")).Dispose();

        Assert.That(await Count("candidate->'skills'->0->>'name' = 'C#'"), Is.EqualTo(2));
    }

    [Test]
    public async Task Retrying_a_batch_records_nothing_new_and_answers_the_same()
    {
        var first = await (await Post("/v1/outcomes", Batch)).Content.ReadAsStringAsync();
        // Retries, some at once, as a client that timed out would send them.
        var retries = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Post("/v1/outcomes", Batch)));

        foreach (var retry in retries)
        {
            Assert.That(retry.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await retry.Content.ReadAsStringAsync(), Is.EqualTo(first));
        }

        Assert.That(await Count(), Is.EqualTo(2));
    }

    [Test]
    public async Task Concurrent_first_sends_of_one_batch_record_it_once()
    {
        var sends = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Post("/v1/outcomes", Batch)));

        var bodies = await Task.WhenAll(sends.Select(s => s.Content.ReadAsStringAsync()));
        Assert.That(sends.Select(s => s.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(bodies.Distinct().Count(), Is.EqualTo(1));
        Assert.That(await Count(), Is.EqualTo(2));
    }

    [Test]
    public async Task One_invalid_decision_records_nothing_and_is_named()
    {
        var batch = Batch.Replace("\"rejected\"", "\"hired\"", StringComparison.Ordinal).Replace("\"2026-01-05T09:30:00+01:00\"", "\"2026-01-05\"", StringComparison.Ordinal);

        var faults = await Problems(await Post("/v1/outcomes", batch));

        Assert.That(faults.Keys, Is.EquivalentTo(new[] { "decisions[1].outcome", "decisions[0].decidedAt" }));
        Assert.That(faults["decisions[1].outcome"][0], Is.EqualTo("The outcome must be one of staffed, shortlisted, proposed, rejected, declined."));
        Assert.That(await Count(), Is.Zero);
    }

    [Test]
    public void The_outcomes_table_accepts_the_outcome_names_and_no_others()
    {
        var migration = File.ReadAllText(RepositoryFiles.Path("Matching.Api", "Database", "Migrations", "0002_outcomes.sql"));
        var check = Regex.Match(migration, @"check \(outcome in \(([^)]*)\)\)").Groups[1].Value;

        Assert.That(check.Split(',').Select(n => n.Trim().Trim('\'')), Is.EquivalentTo(Enum.GetValues<Outcome>().Select(OutcomeNames.Of)));
    }

    [Test]
    public async Task An_unknown_candidate_records_nothing_unless_sent_inline()
    {
        var unknown = Batch.Replace("\"bob\"", "\"zoe\"", StringComparison.Ordinal);
        var inline = Batch.Replace("\"candidateId\": \"bob\",", """ "candidateId": "zoe", "candidate": { "skills": [{ "name": "Go", "level": 2 }], "languages": ["en"] }, """, StringComparison.Ordinal);

        var faults = await Problems(await Post("/v1/outcomes", unknown));
        Assert.That(faults.Keys, Is.EquivalentTo(new[] { "decisions[1].candidateId" }));
        Assert.That(await Count(), Is.Zero);

        (await Json(await Post("/v1/outcomes", inline))).GetProperty("decisions").GetArrayLength();
        Assert.That(await Count("candidate_id = 'zoe' and candidate->>'id' = 'zoe' and candidate->'skills'->0->>'name' = 'Go'"), Is.EqualTo(1));
    }

    [Test]
    public async Task An_unknown_mission_is_named()
    {
        var faults = await Problems(await Post("/v1/outcomes", Batch.Replace("\"payments\"", "\"other\"", StringComparison.Ordinal)));

        Assert.That(faults.Keys, Is.EquivalentTo(new[] { "missionId" }));
    }

    [Test]
    public async Task A_decision_id_reused_for_another_decision_is_a_409_and_records_nothing()
    {
        (await Post("/v1/outcomes", Batch)).Dispose();
        var reused = Batch.Replace("\"d-2\"", "\"d-3\"", StringComparison.Ordinal).Replace("\"shortlisted\"", "\"staffed\"", StringComparison.Ordinal);

        using var response = await Post("/v1/outcomes", reused);

        var problem = await Json(response, HttpStatusCode.Conflict);
        Assert.That(problem.GetProperty("errors").EnumerateObject().Select(e => e.Name), Is.EqualTo(new[] { "decisions[0].clientDecisionId" }));
        Assert.That(await Count(), Is.EqualTo(2), "d-3 was not recorded either");
    }

    [Test]
    public async Task A_rating_is_set_later_and_survives_a_retry()
    {
        (await Post("/v1/outcomes", Batch)).Dispose();

        var rated = await Json(await Send(HttpMethod.Patch, "/v1/outcomes/d-1", """{ "rating": 4 }"""));
        using var unknown = await Send(HttpMethod.Patch, "/v1/outcomes/d-9", """{ "rating": 4 }""");
        var outOfRange = await Problems(await Send(HttpMethod.Patch, "/v1/outcomes/d-1", """{ "rating": 6 }"""));
        var retried = await Json(await Post("/v1/outcomes", Batch));

        Assert.That(rated.GetProperty("rating").GetInt32(), Is.EqualTo(4));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(outOfRange.Keys, Is.EquivalentTo(new[] { "rating" }));
        Assert.That(retried.GetProperty("decisions")[0].GetProperty("rating").GetInt32(), Is.EqualTo(4));
    }
}
