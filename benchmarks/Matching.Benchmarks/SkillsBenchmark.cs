using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Matching.Api.Hosting;
using Matching.Core.Model;
using Matching.Core.Ranking;
using Matching.Core.Skills;
using Matching.Core.Validation;

namespace Matching.Benchmarks;

/// <summary>
/// The skills endpoints' work, in process: suggestions for prefixes as people type them, reading names of each
/// kind, and extracting skills from a page of text. Prints medians and 90th percentiles.
/// </summary>
static class SkillsBenchmark
{
    static readonly string[] Prefixes =
    [
        "p", "py", "pyt", "pyth", "ja", "jav", "javas", "k8", "kube", "postg", "sq", "sql s", "mach", "machine l", "react", "angu", "doc",
        "dock", "terra", "az", "aws", "power", "proj", "project m", "gestion", "gestion de p", "nego", "negoti", "lead", "c#", "c+", ".ne",
        "scik", "tens", "pand", "spri", "boot", "unit", "test", "agil", "scru", "excel", "comm", "custo", "acc", "recr", "mark", "sal",
    ];

    static readonly string[] Names =
    [
        "Python (computer programming)", "Postgres", "K8s", "gestion de projet", "unit tests", "HTML5", "Python 3.11", "Pyhton",
        "Kubernets", "ML", "Acme Billing 12", "Orion Data Lake 7", "negotiation", "Sci-kit learn",
    ];

    const string Page = """
        About the role. We are looking for a senior data engineer to join our platform team in Lyon. You will design and
        build batch and streaming pipelines with Python, Apache Spark and Airflow, model data in PostgreSQL and Snowflake,
        and expose it through REST APIs written in FastAPI. You will work with data scientists on machine learning
        features (scikit-learn, PyTorch) and put models in production with Docker and Kubernetes on AWS, using
        Terraform for infrastructure as code and GitLab CI for continuous integration. No Java experience is needed,
        but knowledge of Scala is a plus. What we expect: 5+ years of experience in data engineering; strong SQL;
        experience with unit testing and code reviews; good communication skills and fluent English; French is a plus.
        Nice to have: Kafka, dbt, Power BI or Tableau for dashboards, and an interest in data governance and GDPR.
        Votre profil : vous maîtrisez la gestion de projet agile (Scrum), les tests unitaires et l'intégration continue,
        et vous savez présenter vos travaux à des interlocuteurs non techniques. Pas de connaissance en SAP nécessaire.
        """;

    public static int Run(string[] args)
    {
        var rounds = HttpBenchmark.Option(args, "--rounds", 200);
        Console.WriteLine($"Machine: {Machine.Describe()}");
        var watch = Stopwatch.StartNew();
        var catalog = SkillCatalog.Load(Path.Combine(AppContext.BaseDirectory, "models", "catalog", "skills.json.gz"));
        var load = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        catalog.PrepareSuggestions();
        catalog.PrepareExtraction();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Catalog: load {load:0} ms, suggestion and phrase indexes {watch.Elapsed.TotalMilliseconds:0} ms (first run, JIT included)"));

        Report("suggest, one prefix (49 prefixes of 1-12 characters)", rounds, i => catalog.Suggest(Prefixes[i % Prefixes.Length]).Count);
        Report("read, one name (14 names of every kind)", rounds * 10, i => catalog.Read(Names[i % Names.Length]).ConceptId);
        var page = catalog.Extract(Page, "en");
        Console.WriteLine($"Page: {Page.Length:N0} characters, {page.Count} skills found");
        Report("extract, one page", rounds, _ => catalog.Extract(Page, "en").Count);
        Hostile(catalog, HttpBenchmark.Option(args, "--hostile-rounds", 5));
        return 0;
    }

    /// <summary>
    /// Extraction of each hostile text at half and full length (best of <paramref name="rounds"/>): linear work takes
    /// about twice as long for twice the text. Then the worst one four times at once, as four requests would.
    /// </summary>
    static void Hostile(SkillCatalog catalog, int rounds)
    {
        Console.WriteLine($"Hostile texts ({HostileTexts.Length:N0} characters; best of {rounds}):");
        var worst = (Text: "", Ms: 0.0);
        foreach (var (name, text) in HostileTexts.All)
        {
            var half = HostileTexts.Cut(text, text.Length / 2);
            var halfMs = Best(rounds, () => catalog.Extract(half, "en"));
            var fullMs = Best(rounds, () => catalog.Extract(text, "en"));
            var found = catalog.Extract(text, "en");
            worst = fullMs > worst.Ms ? (text, fullMs) : worst;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name}: {found.Count} skills, {found.Sum(s => s.Spans.Count):N0} spans; 50k {halfMs:0.0} ms, 100k {fullMs:0.0} ms ({fullMs / Math.Max(halfMs, 0.001):0.0}×)"));
        }

        var watch = Stopwatch.StartNew();
        var each = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var start = Stopwatch.GetTimestamp();
            catalog.Extract(worst.Text, "en");
            return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        })).ToArray();
        Task.WaitAll(each);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  the slowest, four at once on {Environment.ProcessorCount} cores: {string.Join(", ", each.Select(t => $"{t.Result:0}"))} ms each, {watch.Elapsed.TotalMilliseconds:0} ms in all"));
        HostileMatch(catalog);
    }

    /// <summary>
    /// POST /v1/match's pipeline on requests of 5,000 and 10,000 candidates, the mission's description and each
    /// candidate's one experience description a hostile text cut to the longest allowed and to fit in 64 MB.
    /// </summary>
    static void HostileMatch(SkillCatalog catalog)
    {
        var model = RankingModel.Load(Path.Combine(AppContext.BaseDirectory, "models", "default"));
        var pipeline = new MatchPipeline(new Ranker(catalog), new MatchRequestValidator(MatchLimits.Default));
        var example = JsonNode.Parse(OpenApiExamples.Read("match-request.json"))!;
        Console.WriteLine("POST /v1/match pipeline, descriptions cut from hostile texts (mission 10,000 characters, each experience 4,000):");
        var texts = HostileTexts.All.Where(t => t.Name.Contains("C# \"", StringComparison.Ordinal) || t.Name.Contains("distinct", StringComparison.Ordinal) || t.Name.Contains("realistic", StringComparison.Ordinal));
        foreach (var (name, text) in texts.Prepend(("no descriptions", "")))
        {
            var line = new List<string>();
            foreach (var candidates in new[] { 5_000, 10_000 })
            {
                var body = HostileMatchBody(example, text, candidates);
                var start = Stopwatch.GetTimestamp();
                var outcome = pipeline.Run(body, model, "hostile");
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                line.Add(string.Create(CultureInfo.InvariantCulture, $"{candidates:N0} candidates ({body.Length / 1e6:0} MB) {ms:0} ms{(outcome.Response is null ? " (refused)" : "")}"));
            }

            Console.WriteLine($"  {name}: {string.Join(", ", line)}");
        }

        // The candidate that makes the most of one request: 100 experiences, each description naming a thousand skills next to the mission's 100.
        var mission = Enumerable.Range(0, catalog.ConceptCount).Where(c => catalog.Neighbours(c).Count == AdjacencyWeights.MaxNeighbours).Take(100).ToArray();
        var near = mission.SelectMany(c => catalog.Neighbours(c).Select(n => n.ConceptId)).Concat(mission).Distinct()
            .Where(c => catalog.Extract(catalog.Label(c), "en").Select(f => f.ConceptId).SequenceEqual([c])).Select(catalog.Label).ToArray();
        foreach (var candidates in new[] { 30, 60 })
        {
            var body = NearSkillsBody(example, mission.Select(catalog.Label).ToArray(), near, candidates);
            var start = Stopwatch.GetTimestamp();
            var outcome = pipeline.Run(body, model, "hostile");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {candidates} candidates of 100 experiences naming {near.Length:N0} skills near the mission's 100 ({body.Length / 1e6:0} MB): {Stopwatch.GetElapsedTime(start).TotalMilliseconds:0} ms{(outcome.Response is null ? $" (refused: {outcome.Errors})" : "")}"));
        }
    }

    static byte[] NearSkillsBody(JsonNode example, string[] mission, string[] near, int candidates)
    {
        var request = example.DeepClone();
        request["mission"]!["skills"] = new JsonArray([.. mission.Select(m => (JsonNode)new JsonObject { ["name"] = m, ["level"] = 2 })]);
        var template = example["candidates"]![0]!;
        var list = new JsonArray();
        for (var i = 0; i < candidates; i++)
        {
            var candidate = template.DeepClone();
            candidate["id"] = $"c{i}";
            var experience = template["experiences"]![0]!;
            var experiences = new JsonArray();
            for (var e = 0; e < 100; e++)
            {
                var description = new StringBuilder();
                for (var k = e; description.Length < MatchLimits.Default.MaxDescriptionLength - 200; k++)
                {
                    description.Append(near[k % near.Length]).Append(", ");
                }

                var copy = experience.DeepClone();
                copy["description"] = description.ToString();
                experiences.Add(copy);
            }

            candidate["experiences"] = experiences;
            list.Add(candidate);
        }

        request["candidates"] = list;
        return Encoding.UTF8.GetBytes(request.ToJsonString());
    }

    static byte[] HostileMatchBody(JsonNode example, string text, int candidates)
    {
        var request = example.DeepClone();
        request["mission"]!["description"] = HostileTexts.Cut(text, MatchLimits.Default.MaxDescriptionLength);
        request["top"] = 10;
        var template = example["candidates"]![0]!;
        var list = new JsonArray();
        for (var i = 0; i < candidates; i++)
        {
            var candidate = template.DeepClone();
            candidate["id"] = $"c{i}";
            candidate["experiences"]![0]!["description"] = HostileTexts.Cut(text, 4_000);
            list.Add(candidate);
        }

        request["candidates"] = list;
        return Encoding.UTF8.GetBytes(request.ToJsonString());
    }

    static double Best(int rounds, Action work)
    {
        var best = double.MaxValue;
        for (var i = 0; i < rounds; i++)
        {
            var start = Stopwatch.GetTimestamp();
            work();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return best;
    }

    static void Report(string what, int count, Func<int, int> work)
    {
        for (var i = 0; i < Math.Min(count, 200); i++)
        {
            work(i);
        }

        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            work(i);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {what}: p50 {Machine.Percentile(times, 50) * 1000:0.0} µs, p90 {Machine.Percentile(times, 90) * 1000:0.0} µs, max {times[^1] * 1000:0} µs ({count} runs)"));
    }
}
