using System.Net;
using System.Text.Json;
using Dapper;
using Matching.Core.Contracts;

namespace Matching.Tests.Database;

public class CandidatesApiTests : DatabaseTests
{
    static string Json(Candidate candidate) => JsonSerializer.Serialize(candidate, MatchingJson.Default.Candidate);

    static Candidate Ada() => Build.Candidate("ada", Build.Has("C#", level: 4), Build.Has("Postgres", level: 3)) with
    {
        Experiences = [new Experience { Title = "Ledger", Skills = ["Kubernetes"], Start = new DateOnly(2022, 1, 1), Description = "Built the ledger in Rust." }],
        Availability = [Build.FreeDuringMission(0.5), new AvailabilityWindow { From = new DateOnly(2027, 1, 1), To = new DateOnly(2027, 1, 31), Capacity = 0 }],
        Aspirations = ["machine learning"],
    };

    [Test]
    public async Task A_candidate_put_is_read_back_as_sent()
    {
        using var created = await Put("/v1/candidates/ada", Json(Ada()));
        using var read = await Client.GetAsync("/v1/candidates/ada");

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(created.Headers.Location?.ToString(), Is.EqualTo("/v1/candidates/ada"));
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await read.Content.ReadAsStringAsync(), Is.EqualTo(Json(Ada())));
    }

    [Test]
    public async Task Putting_again_replaces_the_profile_and_its_columns()
    {
        (await Put("/v1/candidates/ada", Json(Ada()))).Dispose();
        var changed = Ada() with { Skills = [Build.Has("Python")], Languages = ["de"], Availability = null, Experiences = [] };

        using var replaced = await Put("/v1/candidates/ada", Json(changed));
        using var read = await Client.GetAsync("/v1/candidates/ada");

        Assert.That(replaced.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await read.Content.ReadAsStringAsync(), Is.EqualTo(Json(changed)));
        await using var dataSource = TestDatabase.Open();
        await using var connection = await dataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleAsync<(string[] Skills, string[] Languages, bool AvailabilityUnknown)>(
            "select skills, languages, availability is null from candidates where id = 'ada'");
        Assert.That(row.Skills, Has.Length.EqualTo(1));
        Assert.That(row.Languages, Is.EqualTo(new[] { "de" }));
        Assert.That(row.AvailabilityUnknown, Is.True);
    }

    [Test]
    public async Task The_narrow_keys_table_follows_every_write_in_the_same_statement()
    {
        await using var dataSource = TestDatabase.Open();
        await using var connection = await dataSource.OpenConnectionAsync();
        // What candidate_keys should hold for each stored candidate, and what it holds.
        const string mismatches = """
            select count(*) from candidates c full join candidate_keys k using (id)
            where k.id is null or c.id is null
               or k.skills is distinct from array(select hashtextextended(key, 0) from unnest(c.skills) key)
               or k.aspirations is distinct from array(select hashtextextended(key, 0) from unnest(c.aspirations) key)
               or (k.languages, k.availability) is distinct from (c.languages, c.availability)
            """;

        (await Put("/v1/candidates/ada", Json(Ada()))).Dispose();
        (await Put("/v1/candidates/bob", Json(Ada() with { Id = "bob", Aspirations = null, Languages = null }))).Dispose();
        var afterInsert = await connection.ExecuteScalarAsync<long>(mismatches);
        (await Put("/v1/candidates/ada", Json(Ada() with { Skills = [Build.Has("Python")], Languages = ["de"], Availability = null, Experiences = [] }))).Dispose();
        var afterUpdate = await connection.ExecuteScalarAsync<long>(mismatches);
        var keysBefore = await connection.ExecuteScalarAsync<long[]>("select skills from candidate_keys where id = 'ada'");
        (await Client.DeleteAsync("/v1/candidates/bob")).Dispose();
        var afterDelete = await connection.ExecuteScalarAsync<long>(mismatches);

        Assert.That((afterInsert, afterUpdate, afterDelete), Is.EqualTo((0L, 0L, 0L)));
        Assert.That(keysBefore, Has.Length.EqualTo(1), "Python alone");
        Assert.That(await connection.ExecuteScalarAsync<long>("select count(*) from candidate_keys"), Is.EqualTo(1));
    }

    [Test]
    public async Task The_pool_columns_hold_skills_from_every_source_languages_and_free_days()
    {
        (await Put("/v1/candidates/ada", Json(Ada() with { Skills = [Build.Has("C#"), Build.Has("Zorblax 3000"), Build.Has("c sharp")] }))).Dispose();

        await using var dataSource = TestDatabase.Open();
        await using var connection = await dataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleAsync<(string[] Skills, string Languages, bool FreeInMission, bool FreeInJanuary)>("""
            select skills, array_to_string(languages, ','),
                   availability @> date '2026-04-01', availability @> date '2027-01-15'
            from candidates where id = 'ada'
            """);
        // Declared, used in an experience, named in its description, and a name the catalog does not know.
        var catalog = TestCatalog.Shared;
        Assert.That(row.Skills, Is.EquivalentTo(new[]
        {
            catalog.ConceptKey(TestCatalog.Id("C#")), catalog.ConceptKey(TestCatalog.Id("Kubernetes")), catalog.ConceptKey(TestCatalog.Id("Rust")), "name:" + Matching.Core.Skills.SkillKeys.NormaliseKey("Zorblax 3000"),
        }));
        Assert.That(row.Languages, Is.EqualTo("fr,en"));
        Assert.That(row.FreeInMission, Is.True);
        Assert.That(row.FreeInJanuary, Is.False, "a window with capacity 0 is no free time");
    }

    [Test]
    public async Task The_body_may_leave_the_id_out_but_not_contradict_the_path()
    {
        using var withoutId = await Put("/v1/candidates/bob", Json(Ada() with { Id = null }));
        using var contradicting = await Put("/v1/candidates/carol", Json(Ada()));
        using var read = await Client.GetAsync("/v1/candidates/bob");

        Assert.That(withoutId.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(JsonSerializer.Deserialize(await read.Content.ReadAsStringAsync(), MatchingJson.Default.Candidate)!.Id, Is.EqualTo("bob"));
        Assert.That((await Problems(contradicting)).Keys, Is.EquivalentTo(new[] { "id" }));
        using var carol = await Client.GetAsync("/v1/candidates/carol");
        Assert.That(carol.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Unknown_candidates_are_404_problems()
    {
        using var read = await Client.GetAsync("/v1/candidates/nobody");
        using var deleted = await Client.DeleteAsync("/v1/candidates/nobody");

        foreach (var response in new[] { read, deleted })
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        }
    }

    [Test]
    public async Task Delete_removes_the_candidate_from_the_pool()
    {
        (await Put("/v1/candidates/ada", Json(Ada()))).Dispose();

        using var deleted = await Client.DeleteAsync("/v1/candidates/ada");
        using var read = await Client.GetAsync("/v1/candidates/ada");

        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Bad_bodies_are_400_problems_naming_each_field()
    {
        var invalid = Ada() with { Skills = [Build.Has("C#", level: 6)], Languages = ["french"] };

        var faults = await Problems(await Put("/v1/candidates/ada", Json(invalid)));
        var typo = await Problems(await Put("/v1/candidates/ada", """{ "skills": [{ "name": "C#", "levl": 3 }] }"""));
        var type = await Problems(await Put("/v1/candidates/ada", """{ "activeMissions": "two" }"""));
        var broken = await Problems(await Put("/v1/candidates/ada", """{ "skills": [ """));

        Assert.That(faults.Keys, Is.EquivalentTo(new[] { "skills[0].level", "languages[0]" }));
        Assert.That(typo.Keys, Is.EquivalentTo(new[] { "skills[0].levl" }));
        Assert.That(type["activeMissions"][0], Does.StartWith("Expected a whole number"));
        Assert.That(broken.Values.Single()[0], Does.StartWith("Malformed JSON"));
        using var read = await Client.GetAsync("/v1/candidates/ada");
        Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "nothing invalid is stored");
    }

    [Test]
    public async Task A_nul_character_which_postgresql_cannot_store_is_named_not_a_server_error()
    {
        var inBody = await Problems(await Put("/v1/candidates/ada", Json(Ada() with { Skills = [Build.Has("C#"), Build.Has("C\0#")] })));

        Assert.That(inBody.Keys, Is.EquivalentTo(new[] { "skills[1].name" }));
        Assert.That(App.Logs, Has.None.StartsWith("[Error]"));
    }

    [Test]
    public async Task The_pool_needs_the_data_scope()
    {
        using var matchOnly = App.CreateClient();
        matchOnly.DefaultRequestHeaders.Remove("X-Api-Key");
        matchOnly.DefaultRequestHeaders.Add("X-Api-Key", Api.MatchingApp.MatchKey);
        using var anonymous = App.CreateAnonymousClient();

        using var forbidden = await matchOnly.GetAsync("/v1/candidates/ada");
        using var unauthorized = await anonymous.GetAsync("/v1/candidates/ada");

        Assert.That(forbidden.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(unauthorized.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Concurrent_upserts_of_one_candidate_never_mix_profiles()
    {
        // Twelve writers (within one key's 16 requests in flight), each a whole different profile: whichever wins,
        // the row's columns are that profile's.
        var versions = Enumerable.Range(0, 12).Select(i => Ada() with { Languages = [i % 2 == 0 ? "fr" : "de"], ActiveMissions = i }).ToList();

        var responses = await Task.WhenAll(versions.Select(v => Put("/v1/candidates/ada", Json(v))));

        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.Created), Is.EqualTo(1));
        Assert.That(responses.Count(r => r.StatusCode == HttpStatusCode.NoContent), Is.EqualTo(11));
        await using var dataSource = TestDatabase.Open();
        await using var connection = await dataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleAsync<(int Active, string Profile, string Language, string Keyed)>(
            "select (profile::jsonb->>'activeMissions')::int, profile, c.languages[1], k.languages[1] from candidates c join candidate_keys k using (id) where id = 'ada'");
        Assert.That(row.Language, Is.EqualTo(row.Active % 2 == 0 ? "fr" : "de"));
        Assert.That(row.Keyed, Is.EqualTo(row.Language), "the narrow keys table is written by the same statement");
        Assert.That(JsonSerializer.Deserialize(row.Profile, MatchingJson.Default.Candidate), Is.Not.Null);
    }
}
