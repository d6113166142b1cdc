using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Matching.Core.Contracts;

namespace Matching.Tests.Api;

public class SkillsApiTests : ServiceTests
{
    [Test]
    public async Task Resolve_says_how_each_name_was_read()
    {
        using var response = await PostJson("/v1/skills/resolve", """{"names": ["Postgres", "ML", "Pyhton", "HTML5", "gestion de projet", "Python (computer programming)", "Acme Billing Platform"]}""");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = (await response.Content.ReadFromJsonAsync(MatchingJson.Default.ResolveSkillsResponse))!;
        var byName = body.Interpretations.ToDictionary(i => i.Name);
        Assert.That(body.Interpretations, Has.Count.EqualTo(7));
        Assert.That((byName["Postgres"].Label, byName["Postgres"].How), Is.EqualTo(("PostgreSQL", "alias")));
        Assert.That((byName["ML"].Label, byName["ML"].How), Is.EqualTo(("machine learning", "ambiguous")));
        Assert.That(byName["ML"].Alternatives!.Select(a => a.Label), Is.EqualTo(new[] { "ML (computer programming)" }));
        Assert.That((byName["Pyhton"].Label, byName["Pyhton"].How), Is.EqualTo(("Python (computer programming)", "fuzzy")));
        Assert.That(byName["HTML5"].How, Is.EqualTo("variant").Or.EqualTo("acronym"));
        Assert.That((byName["gestion de projet"].Label, byName["gestion de projet"].How), Is.EqualTo(("project management", "translation")));
        Assert.That(byName["Python (computer programming)"].How, Is.EqualTo("label"));
        Assert.That(byName["Acme Billing Platform"], Is.EqualTo(new SkillInterpretation("Acme Billing Platform", null, null, "unrecognised", null)));
    }

    [Test]
    public async Task Resolve_decides_ambiguous_names_by_the_context_given()
    {
        using var response = await PostJson("/v1/skills/resolve", """{"names": ["ML"], "context": ["OCaml", "Haskell"]}""");
        var body = (await response.Content.ReadFromJsonAsync(MatchingJson.Default.ResolveSkillsResponse))!;
        Assert.That((body.Interpretations[0].Label, body.Interpretations[0].How), Is.EqualTo(("ML (computer programming)", "context")));
        Assert.That(body.Interpretations[0].Alternatives!.Select(a => a.Label), Is.EqualTo(new[] { "machine learning" }));
    }

    [Test]
    public async Task Resolve_names_each_bad_field()
    {
        var problems = await Problems(await PostJson("/v1/skills/resolve", """{"names": ["Java", "!!!", ""], "context": ["??"]}"""));
        Assert.That(problems.Keys, Is.EquivalentTo(new[] { "names[1]", "names[2]", "context[0]" }));

        var tooMany = JsonSerializer.Serialize(new { names = Enumerable.Range(0, 1001).Select(i => $"skill {i}") });
        Assert.That((await Problems(await PostJson("/v1/skills/resolve", tooMany))).Keys, Is.EquivalentTo(new[] { "names" }));
        Assert.That((await Problems(await PostJson("/v1/skills/resolve", """{"nmes": ["Java"]}"""))).Keys, Does.Contain("nmes"));
        Assert.That((await Problems(await PostJson("/v1/skills/resolve", """{"names": "Java"}"""))).Keys, Is.EquivalentTo(new[] { "names" }));
    }

    [Test]
    public async Task Suggest_completes_a_prefix_and_an_alias()
    {
        var body = await Client.GetFromJsonAsync("/v1/skills?q=k8", MatchingJson.Default.SkillSuggestionsResponse);
        Assert.That(body!.Suggestions.Select(s => s.Label), Does.Contain("Kubernetes"));
        Assert.That(body.Suggestions.Single(s => s.Label == "Kubernetes").MatchedName, Is.EqualTo("k8s"));

        var python = await Client.GetFromJsonAsync("/v1/skills?q=pyth&top=3", MatchingJson.Default.SkillSuggestionsResponse);
        Assert.That(python!.Suggestions, Has.Count.EqualTo(3));
        Assert.That(python.Suggestions[0].Label, Is.EqualTo("Python (computer programming)"));
    }

    [TestCase("/v1/skills", "q")]
    [TestCase("/v1/skills?q=%20", "q")]
    [TestCase("/v1/skills?q=java&top=0", "top")]
    [TestCase("/v1/skills?q=java&top=51", "top")]
    [TestCase("/v1/skills?q=java&top=1.5", "top")]
    [TestCase("/v1/skills?q=java&top=ten", "top")]
    [TestCase("/v1/skills?q=py&q=ja", "q")]
    [TestCase("/v1/skills?q=java&top=5&top=6", "top")]
    public async Task Suggest_refuses_a_missing_prefix_a_bad_top_or_one_given_twice(string url, string field)
    {
        using var response = await Client.GetAsync(url);

        Assert.That((await Problems(response)).Keys, Is.EquivalentTo(new[] { field }));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(problem.RootElement.GetProperty("title").GetString(), Is.EqualTo("The query parameters are not valid."));
    }

    [Test]
    public async Task Extract_finds_skills_with_spans_and_heeds_negation()
    {
        const string text = "We need a Python developer with machine learning and PostgreSQL. No Java required.";
        using var response = await PostJson("/v1/skills/extract", JsonSerializer.Serialize(new { text, language = "en" }));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = (await response.Content.ReadFromJsonAsync(MatchingJson.Default.ExtractSkillsResponse))!;
        Assert.That(body.Skills.Select(s => s.Label), Is.EqualTo(new[] { "Python (computer programming)", "machine learning", "PostgreSQL" }));
        foreach (var skill in body.Skills)
        {
            Assert.That(skill.Spans, Is.Not.Empty);
            Assert.That(skill.Confidence, Is.InRange(0.0, 1.0));
            foreach (var span in skill.Spans)
            {
                Assert.That(text.Substring(span.Start, span.Length), Is.EqualTo(span.Text));
            }
        }
    }

    [Test]
    public async Task Extract_reads_french()
    {
        const string text = "Nous recherchons un chef de projet maîtrisant la gestion de projet et Python, sans connaissance de SAP.";
        var body = await (await PostJson("/v1/skills/extract", JsonSerializer.Serialize(new { text, language = "fr" }))).Content.ReadFromJsonAsync(MatchingJson.Default.ExtractSkillsResponse);
        Assert.That(body!.Skills.Select(s => s.Label), Does.Contain("project management").And.Contain("Python (computer programming)"));
        Assert.That(body.Skills.Select(s => s.Label), Does.Not.Contain("SAP software"));
    }

    [Test]
    public async Task Extract_names_each_bad_field()
    {
        var problems = await Problems(await PostJson("/v1/skills/extract", """{"language": "de"}"""));
        Assert.That(problems.Keys, Is.EquivalentTo(new[] { "text", "language" }));
        var huge = JsonSerializer.Serialize(new { text = new string('a', 100_001), language = "en" });
        Assert.That((await Problems(await PostJson("/v1/skills/extract", huge))).Keys, Is.EquivalentTo(new[] { "text" }));
    }

    [Test]
    public async Task Extract_reads_a_long_text_whole()
    {
        // Timings live in the skills benchmark; this checks every occurrence is found and a negation stays local.
        var page = string.Join(" ", Enumerable.Repeat("Built data pipelines with Airflow and pandas; deployed on Kubernetes with Terraform; no Java.", 40));
        var body = await (await PostJson("/v1/skills/extract", JsonSerializer.Serialize(new { text = page, language = "en" }))).Content.ReadFromJsonAsync(MatchingJson.Default.ExtractSkillsResponse);
        Assert.That(body!.Skills.Select(s => s.Label), Does.Contain("pandas").And.Contain("Kubernetes"));
        Assert.That(body.Skills.Single(s => s.Label == "Kubernetes").Spans, Has.Count.EqualTo(40));
        Assert.That(body.Skills.Select(s => s.Label), Does.Not.Contain("Java (computer programming)"));
    }
}
