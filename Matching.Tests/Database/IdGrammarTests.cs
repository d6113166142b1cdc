using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using FsCheck.Fluent;
using Matching.Benchmarks;
using Matching.Core.Contracts;
using Matching.Core.Validation;

namespace Matching.Tests.Database;

/// <summary>
/// One id grammar on every endpoint, both ways: every id accepted anywhere can be read and erased through its path, and
/// every id outside the grammar is refused everywhere, so nothing unerasable is stored.
/// </summary>
public class IdGrammarTests : DatabaseTests
{
    static string Json(Candidate candidate) => JsonSerializer.Serialize(candidate, MatchingJson.Default.Candidate);

    static string Json(Mission mission) => JsonSerializer.Serialize(mission, MatchingJson.Default.Mission);

    static string Outcome(string missionId, string decisionId, string candidateId) => new JsonObject
    {
        ["missionId"] = missionId,
        ["decisions"] = new JsonArray(new JsonObject
        {
            ["clientDecisionId"] = decisionId,
            ["candidateId"] = candidateId,
            ["outcome"] = "proposed",
            ["decidedAt"] = "2026-01-05T09:30:00Z",
        }),
    }.ToJsonString();

    static async Task<long> Rows(string sql, object? parameters = null)
    {
        await using var dataSource = TestDatabase.Open();
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql, parameters);
    }

    static Task<long> Stored() => Rows("select (select count(*) from candidates) + (select count(*) from missions) + (select count(*) from outcomes) + (select count(*) from decisions)");

    static async Task<string> Title(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("title").GetString()!;
    }

    /// <summary>128 characters, the most an id may have.</summary>
    const string Longest = "Z0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456";

    [TestCase("a")]
    [TestCase("7")]
    [TestCase("jane.roe")]
    [TestCase("jane_roe-1")]
    [TestCase("urn:hr:42")]
    [TestCase("jane.roe@example.com")]
    [TestCase("a+b")]
    [TestCase("a..b")]
    [TestCase("trailing.")]
    [TestCase(Longest)]
    public async Task Every_id_the_grammar_accepts_is_stored_read_ranked_recorded_and_erased_through_its_path(string id)
    {
        (await Put("/v1/missions/payments", Json(Build.Mission() with { Id = "payments" }))).Dispose();

        using var created = await Put($"/v1/candidates/{id}", Json(Build.Candidate(id, Build.Has("C#"))));
        var read = await Json(await Client.GetAsync(created.Headers.Location));
        await Json(await Post("/v1/outcomes", Outcome("payments", "d-1", id)));
        await Json(await Post("/v1/match", JsonSerializer.Serialize(Build.Request(Build.Mission(), Build.Candidate(id, Build.Has("C#"))), MatchingJson.Default.MatchRequest)));
        await DecisionLogTests.Flush(App);
        using var erased = await Client.DeleteAsync($"/v1/candidates/{id}");

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(read.GetProperty("id").GetString(), Is.EqualTo(id), "the Location reads back the same id");
        Assert.That(erased.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await Rows("select count(*) from candidates where id = @id", new { id }), Is.Zero);
        Assert.That(await Rows("select count(*) from outcomes where candidate_id = @id", new { id }), Is.Zero);
        Assert.That(await Rows("select count(*) from decisions where candidate_ids @> array[@id]", new { id }), Is.Zero);
    }

    [Test]
    public async Task Ids_are_case_sensitive()
    {
        (await Put("/v1/candidates/Ada", Json(Build.Candidate("Ada", Build.Has("C#"))))).Dispose();

        using var lower = await Client.GetAsync("/v1/candidates/ada");
        using var same = await Client.GetAsync("/v1/candidates/Ada");

        Assert.That((lower.StatusCode, same.StatusCode), Is.EqualTo((HttpStatusCode.NotFound, HttpStatusCode.OK)));
    }

    static IEnumerable<TestCaseData> HostileIds() => HostileRequests.HostileIds.Select(id => new TestCaseData(id).SetArgDisplayNames(JsonSerializer.Serialize(id)));

    [TestCaseSource(nameof(HostileIds))]
    public async Task A_hostile_id_in_a_body_is_refused_by_every_endpoint_naming_the_field(string id)
    {
        (await Put("/v1/missions/payments", Json(Build.Mission() with { Id = "payments" }))).Dispose();
        (await Put("/v1/candidates/ada", Json(Build.Candidate("ada", Build.Has("C#"))))).Dispose();
        var before = await Stored();

        var asCandidate = await Problems(await Post("/v1/match", JsonSerializer.Serialize(
            Build.Request(Build.Mission(), Build.Candidate("ada"), Build.Candidate(id)), MatchingJson.Default.MatchRequest)));
        var asMission = await Problems(await Post("/v1/match", JsonSerializer.Serialize(
            Build.Request(Build.Mission() with { Id = id }, Build.Candidate("ada")), MatchingJson.Default.MatchRequest)));
        var asOutcomeCandidate = await Problems(await Post("/v1/outcomes", Outcome("payments", "d-1", id)));
        var asOutcomeMission = await Problems(await Post("/v1/outcomes", Outcome(id, "d-1", "ada")));
        var asDecision = await Problems(await Post("/v1/outcomes", Outcome("payments", id, "ada")));
        var asPoolBody = await Problems(await Put("/v1/candidates/bob", Json(Build.Candidate(id))));
        var asMissionBody = await Problems(await Put("/v1/missions/m2", Json(Build.Mission() with { Id = id })));
        await DecisionLogTests.Flush(App);

        Assert.That(asCandidate.Keys, Is.EqualTo(new[] { "candidates[1].id" }));
        Assert.That(asCandidate["candidates[1].id"][0], Is.EqualTo(Ids.Rule));
        Assert.That(asMission.Keys, Is.EqualTo(new[] { "mission.id" }));
        Assert.That(asOutcomeCandidate.Keys, Is.EqualTo(new[] { "decisions[0].candidateId" }));
        Assert.That(asOutcomeMission.Keys, Is.EqualTo(new[] { "missionId" }));
        Assert.That(asDecision.Keys, Is.EqualTo(new[] { "decisions[0].clientDecisionId" }));
        Assert.That(asPoolBody.Keys, Is.EqualTo(new[] { "id" }));
        Assert.That(asMissionBody.Keys, Is.EqualTo(new[] { "id" }));
        Assert.That(await Stored(), Is.EqualTo(before), "nothing was stored, recorded or logged");
    }

    static IEnumerable<TestCaseData> HostilePathIds() => HostileRequests.HostilePathIds.Select(id => new TestCaseData(id).SetArgDisplayNames(id.Length > 40 ? $"{id.Length} characters" : id));

    [TestCaseSource(nameof(HostilePathIds))]
    public async Task A_hostile_id_in_a_path_is_refused_by_every_route_naming_the_parameter(string id)
    {
        (await Put("/v1/candidates/ada", Json(Build.Candidate("ada", Build.Has("C#"))))).Dispose();
        var before = await Stored();

        HttpResponseMessage[] answers =
        [
            await Put($"/v1/candidates/{id}", Json(Build.Candidate("ada", Build.Has("C#")) with { Id = null })),
            await Client.GetAsync($"/v1/candidates/{id}"),
            await Client.DeleteAsync($"/v1/candidates/{id}"),
            await Put($"/v1/missions/{id}", Json(Build.Mission() with { Id = null })),
            await Client.GetAsync($"/v1/missions/{id}"),
            await Client.GetAsync($"/v1/missions/{id}/suggestions"),
        ];
        var rating = await Problems(await Send(HttpMethod.Patch, $"/v1/outcomes/{id}", """{ "rating": 3 }"""));
        var decision = await Problems(await Client.GetAsync($"/v1/decisions/{id}"));

        foreach (var answer in answers)
        {
            Assert.That((await Problems(answer)).Keys, Is.EqualTo(new[] { "id" }), answer.RequestMessage!.RequestUri!.ToString());
            Assert.That(await Title(answer), Is.EqualTo("The id in the path is not valid."));
        }

        Assert.That(rating.Keys, Is.EqualTo(new[] { "clientDecisionId" }));
        Assert.That(decision.Keys, Is.EqualTo(new[] { "requestId" }));
        Assert.That(await Stored(), Is.EqualTo(before), "nothing was stored, and ada was not erased");
    }

    [Test]
    public async Task Any_string_is_either_an_id_the_route_reads_back_unchanged_or_refused_with_nothing_stored()
    {
        // Half from the grammar's own characters; half also from ASCII punctuation, blanks, controls, and characters
        // that look like or decompose into ASCII ones (NUL aside: the test host cannot carry %00 in a path).
        var grammar = "abcXYZ019._-:@+".ToCharArray();
        var hostile = "abcXYZ019._-:@+/%\\ ?#&=~!$'()*,;\t\u0001\u00e9\u0301\u0430\u202e\u200b\uff41".ToCharArray();
        var text = Gen.OneOf(Gen.ArrayOf(Gen.Elements(grammar)), Gen.ArrayOf(Gen.Elements(hostile))).Select(c => new string(c));
        var ids = text.Sample(200).Where(s => s.Length > 0 && s != "." && s != "..").Distinct().ToList();

        foreach (var id in ids)
        {
            using var put = await Put($"/v1/candidates/{Uri.EscapeDataString(id)}", Json(Build.Candidate("ignored", Build.Has("C#")) with { Id = null }));
            if (Ids.IsValid(id))
            {
                Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.Created), id);
                var read = await Json(await Client.GetAsync(put.Headers.Location));
                Assert.That(read.GetProperty("id").GetString(), Is.EqualTo(id));
                using var erased = await Client.DeleteAsync(put.Headers.Location);
                Assert.That(erased.StatusCode, Is.EqualTo(HttpStatusCode.NoContent), id);
            }
            else
            {
                Assert.That((await Problems(put)).Keys, Is.EqualTo(new[] { "id" }), JsonSerializer.Serialize(id));
            }
        }

        Assert.That(ids.Count(Ids.IsValid), Is.GreaterThan(20), "both directions were tried");
        Assert.That(ids.Count(id => !Ids.IsValid(id)), Is.GreaterThan(20));
        Assert.That(await Stored(), Is.Zero);
    }
}
