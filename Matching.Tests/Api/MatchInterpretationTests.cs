using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Matching.Core.Contracts;

namespace Matching.Tests.Api;

/// <summary>How /v1/match reads the names and texts it receives, and says so.</summary>
public class MatchInterpretationTests : ServiceTests
{
    Task<HttpResponseMessage> Post(string json) => PostJson("/v1/match", json);

    const string Mission = """
        {"id": "m1", "skills": [{"name": "machine learning", "weight": 2}, {"name": "Python (computer programming)"}, {"name": "SQL"}],
         "start": "2026-03-02", "end": "2026-05-29", "capacity": 0.5}
        """;

    static string Candidate(string id, params string[] skills) =>
        JsonSerializer.Serialize(new { id, skills = skills.Select(s => new { name = s, level = 4 }) });

    [Test]
    public async Task Everyday_names_match_and_each_reading_is_reported()
    {
        var everyday = Candidate("everyday", "ML", "Postgres", "Sci-kit learn", "Python");
        var canonical = Candidate("canonical", "machine learning", "PostgreSQL", "Scikit-learn", "Python (computer programming)");
        using var response = await Post($$"""{"mission": {{Mission}}, "candidates": [{{everyday}}, {{canonical}}]}""");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = (await response.Content.ReadFromJsonAsync(MatchingJson.Default.MatchResponse))!;

        var person = body.Results.Single(r => r.CandidateId == "everyday");
        Assert.That(person.MatchedSkills!.Select(s => s.Skill), Does.Contain("machine learning"));
        Assert.That(person.MissingSkills, Does.Not.Contain("machine learning"));
        Assert.That(person.Score, Is.EqualTo(body.Results.Single(r => r.CandidateId == "canonical").Score).Within(1e-9), "the same person, written either way");

        var readings = body.SkillInterpretations!.ToDictionary(i => i.Name);
        Assert.That((readings["ML"].Label, readings["ML"].How), Is.EqualTo(("machine learning", "context")));
        Assert.That(readings["ML"].Alternatives!.Select(a => a.Label), Does.Contain("ML (computer programming)"));
        Assert.That((readings["Postgres"].Label, readings["Postgres"].How), Is.EqualTo(("PostgreSQL", "alias")));
        Assert.That(readings["Python"].ConceptId, Is.EqualTo("ccd0a1d9-afda-43d9-b901-96344886e14d"));
        Assert.That(readings.Keys, Does.Not.Contain("machine learning").And.Not.Contain("SQL"), "names read by their exact label are listed only when asked");
        Assert.That(body.SkillInterpretations!.Select(i => i.Name), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
    }

    [Test]
    public async Task All_interpretations_lists_exact_labels_too()
    {
        var body = await (await Post($$"""{"mission": {{Mission}}, "candidates": [{{Candidate("a", "SQL", "Postgres")}}], "allInterpretations": true}"""))
            .Content.ReadFromJsonAsync(MatchingJson.Default.MatchResponse);
        var readings = body!.SkillInterpretations!.ToDictionary(i => i.Name);
        Assert.That(readings["SQL"].How, Is.EqualTo("label"));
        Assert.That(readings["machine learning"].How, Is.EqualTo("label"));
        Assert.That(readings["Postgres"].How, Is.EqualTo("alias"));
    }

    [Test]
    public async Task A_tool_stands_in_for_the_skill_it_implies()
    {
        var body = await (await Post($$"""{"mission": {{Mission}}, "candidates": [{{Candidate("a", "PostgreSQL")}}]}"""))
            .Content.ReadFromJsonAsync(MatchingJson.Default.MatchResponse);
        var adjacent = body!.Results[0].AdjacentSkills!.Single(a => a.RequiredSkill == "SQL");
        Assert.That((adjacent.CandidateSkill, adjacent.Relation), Is.EqualTo(("PostgreSQL", "implies")));
        Assert.That(adjacent.Credit, Is.GreaterThan(0.5));
    }

    [Test]
    public async Task A_mission_without_skills_requires_those_its_description_names()
    {
        const string mission = """
            {"id": "m2", "description": "We need a data engineer fluent in Python and SQL, with Docker. No Java.",
             "start": "2026-03-02", "end": "2026-05-29", "capacity": 1}
            """;
        using var response = await Post($$"""{"mission": {{mission}}, "candidates": [{{Candidate("a", "Python", "Docker")}}]}""");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = (await response.Content.ReadFromJsonAsync(MatchingJson.Default.MatchResponse))!;
        Assert.That(body.SkillsFromDescription!.Select(s => s.Label), Is.EqualTo(new[] { "Python (computer programming)", "SQL", "Docker" }));
        Assert.That(body.SkillsFromDescription!.Select(s => s.Text), Is.EqualTo(new[] { "Python", "SQL", "Docker" }));
        Assert.That(body.Results[0].MatchedSkills!.Select(s => s.Skill), Is.EquivalentTo(new[] { "Python (computer programming)", "Docker" }));
    }

    [Test]
    public async Task A_mission_whose_description_names_no_skill_is_a_400()
    {
        const string mission = """{"description": "A fast-paced environment.", "start": "2026-03-02", "end": "2026-05-29", "capacity": 1}""";
        using var response = await Post($$"""{"mission": {{mission}}, "candidates": []}""");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("mission.description"));

        using var neither = await Post("""{"mission": {"start": "2026-03-02", "end": "2026-05-29", "capacity": 1}, "candidates": []}""");
        Assert.That(await neither.Content.ReadAsStringAsync(), Does.Contain("mission.skills"));
    }

    [Test]
    public async Task Skills_found_in_an_experience_description_are_evidenced_by_experience()
    {
        var candidate = """
            {"id": "a", "skills": [{"name": "SQL", "level": 3}],
             "experiences": [{"title": "Churn model", "skills": [], "start": "2024-01-01", "end": "2025-06-30",
                              "description": "Built a churn model with machine learning in Python."}]}
            """;
        var body = await (await Post($$"""{"mission": {{Mission}}, "candidates": [{{candidate}}]}""")).Content.ReadFromJsonAsync(MatchingJson.Default.MatchResponse);
        var matched = body!.Results[0].MatchedSkills!.ToDictionary(s => s.Skill);
        Assert.That(matched["machine learning"].Source, Is.EqualTo("experience"));
        Assert.That(matched["Python (computer programming)"].Source, Is.EqualTo("experience"));
        Assert.That(matched["SQL"].Source, Is.EqualTo("declared"));
    }

    [Test]
    public async Task Descriptions_are_bounded()
    {
        var mission = JsonSerializer.Serialize(new { description = new string('x', 10_001), start = "2026-03-02", end = "2026-05-29", capacity = 1 });
        using var response = await Post($$"""{"mission": {{mission}}, "candidates": []}""");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("mission.description"));
    }

    [Test]
    public async Task Interpretations_are_the_same_whatever_the_threads_did()
    {
        // Over 256 candidates are assessed in parallel: readings must not depend on which thread came first.
        var candidates = string.Join(",", Enumerable.Range(0, 600).Select(i => i % 2 == 0 ? Candidate($"c{i}", "ML", "Python") : Candidate($"c{i}", "ML", $"Java {i}")));
        var body = $$"""{"mission": {{Mission}}, "candidates": [{{candidates}}], "explain": false}""";
        var answers = new List<string>();
        for (var round = 0; round < 4; round++)
        {
            var response = await (await Post(body)).Content.ReadFromJsonAsync(MatchingJson.Default.MatchResponse);
            answers.Add(JsonSerializer.Serialize(response!.SkillInterpretations, MatchingJson.Default.IReadOnlyListSkillInterpretation));
        }

        Assert.That(answers.Distinct().Count(), Is.EqualTo(1));
        var readings = JsonSerializer.Deserialize(answers[0], MatchingJson.Default.IReadOnlyListSkillInterpretation)!;
        Assert.That(readings.Where(r => r.Name == "ML").Select(r => (r.Label, r.How)), Is.EquivalentTo(new[] { ("machine learning", "context") }),
            "the mission's machine learning decides ML in every list");
        Assert.That(readings.Where(r => r.Name.StartsWith("Java ", StringComparison.Ordinal)).Select(r => r.How).Distinct(), Is.EqualTo(new[] { "variant" }));
    }

    [Test]
    public async Task All_interpretations_lists_unrecognised_names_too()
    {
        var body = await (await Post($$"""{"mission": {{Mission}}, "candidates": [{{Candidate("a", "Acme Internal Tool", "SQL")}}], "allInterpretations": true}"""))
            .Content.ReadFromJsonAsync(MatchingJson.Default.MatchResponse);
        var acme = body!.SkillInterpretations!.Single(i => i.Name == "Acme Internal Tool");
        Assert.That((acme.ConceptId, acme.How), Is.EqualTo(((string?)null, "unrecognised")));
        Assert.That(body.UnrecognisedSkills, Does.Contain("Acme Internal Tool"));
    }

    [Test]
    public async Task A_description_requires_at_most_a_hundred_skills()
    {
        var labels = TestCatalog.Shared.Occupations.SelectMany(o => o.Essential).Distinct().Take(400).Select(TestCatalog.Shared.Label);
        var mission = JsonSerializer.Serialize(new { description = string.Join(". ", labels)[..9_900], start = "2026-03-02", end = "2026-05-29", capacity = 1 });
        var body = await (await Post($$"""{"mission": {{mission}}, "candidates": [{{Candidate("a", "SQL")}}]}""")).Content.ReadFromJsonAsync(MatchingJson.Default.MatchResponse);
        Assert.That(body!.SkillsFromDescription, Has.Count.EqualTo(100));
    }
}
