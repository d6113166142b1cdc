using System.Diagnostics;
using System.Globalization;
using Matching.Core.Skills;

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
        return 0;
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
