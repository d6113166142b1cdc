using System.Net;
using System.Text.Json;
using Matching.Core.Contracts;
using Matching.Training.Generation;

namespace Matching.Tests.Database;

/// <summary>GET /v1/missions/{id}/suggestions: the stored pool, narrowed in SQL, ranked exactly as POST /v1/match ranks it.</summary>
public class SuggestionsTests : DatabaseTests
{
    /// <summary>People a prefilter could get wrong: unknown, ambiguous, typo'd and described skills, unknown or empty availability and languages.</summary>
    static IEnumerable<Candidate> EdgeCases(Mission mission)
    {
        var first = mission.Skills![0].Name!;
        yield return Build.Candidate("edge-unknown-availability", Build.Has(first)) with { Availability = null, Languages = null };
        yield return Build.Candidate("edge-no-availability", Build.Has(first)) with { Availability = [] };
        yield return Build.Candidate("edge-busy", Build.Has(first)) with
        {
            Availability = [new AvailabilityWindow { From = mission.Start, To = mission.End, Capacity = 0 }],
        };
        yield return Build.Candidate("edge-upper-case-language", Build.Has(first)) with { Languages = [.. (mission.Languages ?? ["fr"]).Select(l => l.ToUpperInvariant())] };
        yield return Build.Candidate("edge-described", Build.Has("Zorblax 3000")) with
        {
            Experiences = [new Experience { Title = "Project", Start = new DateOnly(2020, 1, 1), End = new DateOnly(2023, 1, 1), Description = $"Used {first} and {string.Join(", ", mission.Skills.Select(s => s.Name))} every day." }],
        };
        yield return Build.Candidate("edge-lower-case-names", [.. mission.Skills.Select(s => Build.Has(s.Name!.ToLowerInvariant(), level: 4))]);
        yield return Build.Candidate("edge-in-experience-only") with
        {
            Experiences = [new Experience { Title = "Project", Skills = [.. mission.Skills.Select(s => s.Name!)], Start = new DateOnly(2019, 1, 1), End = new DateOnly(2024, 1, 1) }],
        };
    }

    /// <summary>Four missions of the synthetic organisation, and a pool of their candidates and the edge cases, stored.</summary>
    async Task<(List<Mission> Missions, List<Candidate> Pool)> StoreAsync()
    {
        var world = new StaffingWorld(TestCatalog.Shared, seed: 5, population: 600);
        var requests = Enumerable.Range(0, 4).Select(i => world.SampleRequest(60, index: i)).ToList();
        var pool = requests.SelectMany(r => r.Candidates!).Concat(requests.SelectMany(r => EdgeCases(r.Mission!)))
            .DistinctBy(c => c.Id).ToList();
        foreach (var candidate in pool)
        {
            using var put = await Put($"/v1/candidates/{candidate.Id}", JsonSerializer.Serialize(candidate, MatchingJson.Default.Candidate));
            Assert.That(put.StatusCode, Is.EqualTo(HttpStatusCode.Created), await put.Content.ReadAsStringAsync());
        }

        var missions = requests.Select(r => r.Mission!).ToList();
        foreach (var mission in missions)
        {
            (await Put($"/v1/missions/{mission.Id}", JsonSerializer.Serialize(mission, MatchingJson.Default.Mission))).Dispose();
        }

        return (missions, pool);
    }

    Task<JsonElement> Match(Mission mission, List<Candidate> candidates) =>
        Post("/v1/match", JsonSerializer.Serialize(new MatchRequest { Mission = mission, Candidates = candidates, Top = candidates.Count, Explain = true }, MatchingJson.Default.MatchRequest))
            .ContinueWith(t => Json(t.Result)).Unwrap();

    [Test]
    public async Task With_the_unrelated_included_suggestions_rank_the_pool_exactly_as_match_ranks_it()
    {
        var (missions, pool) = await StoreAsync();

        var prefiltered = 0;
        foreach (var mission in missions)
        {
            var suggested = await Json(await Client.GetAsync($"/v1/missions/{mission.Id}/suggestions?top={pool.Count}&includeUnrelated=true"));
            var matched = await Match(mission, pool);

            // Same ranking, scores and explanations.
            Assert.That(suggested.GetProperty("results").GetRawText(), Is.EqualTo(matched.GetProperty("results").GetRawText()), mission.Id);
            // Whoever the SQL left out, /v1/match excludes too, for a reason the pool counts say.
            var considered = Ids(suggested, "results").Concat(Ids(suggested, "excluded")).ToHashSet();
            var excludedByMatch = matched.GetProperty("excluded").EnumerateArray().ToDictionary(e => e.GetProperty("candidateId").GetString()!, e => e.GetProperty("codes"));
            var left = pool.Select(c => c.Id!).Where(id => !considered.Contains(id)).ToList();
            Assert.That(left, Is.SubsetOf(excludedByMatch.Keys), $"{mission.Id}: the prefilter left out a candidate /v1/match ranks");
            Assert.That(Ids(suggested, "excluded"), Is.SubsetOf(excludedByMatch.Keys));
            var counts = suggested.GetProperty("pool");
            Assert.That(counts.GetProperty("stored").GetInt32(), Is.EqualTo(pool.Count));
            Assert.That(counts.GetProperty("considered").GetInt32(), Is.EqualTo(considered.Count));
            foreach (var (rule, code) in new[] { ("unavailable", "unavailable"), ("missingMandatorySkill", "missing_mandatory_skill"), ("noSharedLanguage", "no_shared_language") })
            {
                var ruled = left.Count(id => excludedByMatch[id].EnumerateArray().Any(c => c.GetString() == code));
                Assert.That(counts.GetProperty(rule).GetInt32(), Is.EqualTo(ruled), $"{mission.Id}: {rule}");
            }

            prefiltered += left.Count;
        }

        Assert.That(prefiltered, Is.GreaterThan(0), "the missions leave some of the pool out in SQL");
    }

    [Test]
    public async Task By_default_the_unrelated_are_counted_and_the_rest_ranked_as_match_ranks_them()
    {
        var (missions, pool) = await StoreAsync();

        var unrelatedLeftOut = 0;
        foreach (var mission in missions)
        {
            var all = await Json(await Client.GetAsync($"/v1/missions/{mission.Id}/suggestions?top={pool.Count}&includeUnrelated=true"));
            var related = await Json(await Client.GetAsync($"/v1/missions/{mission.Id}/suggestions?top={pool.Count}"));
            var considered = Ids(related, "results").Concat(Ids(related, "excluded")).ToHashSet();
            var unrelated = Ids(all, "results").Concat(Ids(all, "excluded")).Where(id => !considered.Contains(id)).ToHashSet();
            var matched = await Match(mission, [.. pool.Where(c => !unrelated.Contains(c.Id!))]);

            Assert.That(related.GetProperty("results").GetRawText(), Is.EqualTo(matched.GetProperty("results").GetRawText()), mission.Id);
            // Unrelated: of those the exclusion rules keep, counted whether or not they are ranked.
            Assert.That(related.GetProperty("pool").GetProperty("unrelated").GetInt32(), Is.EqualTo(unrelated.Count));
            Assert.That(all.GetProperty("pool").GetProperty("unrelated").GetInt32(), Is.EqualTo(unrelated.Count));
            // How far up the whole pool's ranking the unrelated would have come (for the record; not a requirement).
            var best = Ids(all, "results").Select((id, rank) => (id, rank)).Where(r => unrelated.Contains(r.id)).Select(r => r.rank + 1).DefaultIfEmpty(0).Min();
            TestContext.Out.WriteLine($"{mission.Id}: {unrelated.Count} unrelated left out; the best of them would have ranked {best}");
            unrelatedLeftOut += unrelated.Count;
        }

        Assert.That(unrelatedLeftOut, Is.GreaterThan(0), "the missions leave some unrelated candidates out");
    }

    [Test]
    public async Task Top_limits_the_suggestions_and_they_are_recorded_in_the_decision_log()
    {
        var mission = Build.Mission(Build.Skill("C#", level: 3)) with { Id = "m1" };
        (await Put("/v1/missions/m1", JsonSerializer.Serialize(mission, MatchingJson.Default.Mission))).Dispose();
        foreach (var id in new[] { "a", "b", "c" })
        {
            (await Put($"/v1/candidates/{id}", JsonSerializer.Serialize(Build.Candidate(id, Build.Has("C#")), MatchingJson.Default.Candidate))).Dispose();
        }

        var suggested = await Json(await Client.GetAsync("/v1/missions/m1/suggestions?top=2"));
        await DecisionLogTests.Flush(App);
        var logged = await Json(await Client.GetAsync($"/v1/decisions/{suggested.GetProperty("requestId").GetString()}"));

        Assert.That(suggested.GetProperty("results").GetArrayLength(), Is.EqualTo(2));
        Assert.That(suggested.GetProperty("counts").GetProperty("omitted").GetInt32(), Is.EqualTo(1));
        var ranking = logged.GetProperty("rankings")[0];
        Assert.That((ranking.GetProperty("source").GetString(), ranking.GetProperty("missionId").GetString()), Is.EqualTo(("pool", "m1")), "suggestions are in the decision log");
    }

    [TestCase("top=1.5", "top")]
    [TestCase("top=ten", "top")]
    [TestCase("explain=yes", "explain")]
    [TestCase("includeUnrelated=1", "includeUnrelated")]
    [TestCase("top=5&top=6", "top")]
    [TestCase("explain=true&explain=false", "explain")]
    public async Task A_malformed_or_repeated_query_value_is_a_400_naming_it(string query, string field)
    {
        using var response = await Client.GetAsync($"/v1/missions/m1/suggestions?{query}");

        Assert.That((await Problems(response)).Keys, Is.EquivalentTo(new[] { field }));
        Assert.That((await Json(response, HttpStatusCode.BadRequest)).GetProperty("title").GetString(), Is.EqualTo("The query parameters are not valid."));
    }

    [Test]
    public async Task An_unknown_mission_is_a_404_and_a_bad_top_a_400()
    {
        using var unknown = await Client.GetAsync("/v1/missions/nope/suggestions");
        var errors = await Problems(await Client.GetAsync("/v1/missions/nope/suggestions?top=0"));

        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(unknown.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "top" }));
    }

    [Test]
    public async Task Suggestions_need_the_data_scope()
    {
        using var client = App.CreateClient();
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        client.DefaultRequestHeaders.Add("X-Api-Key", Api.MatchingApp.MatchKey);

        using var response = await client.GetAsync("/v1/missions/m1/suggestions");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    static IEnumerable<string> Ids(JsonElement response, string list) =>
        response.GetProperty(list).EnumerateArray().Select(e => e.GetProperty("candidateId").GetString()!);
}
