using Matching.Core.Skills;
using Matching.Training.Catalog;

namespace Matching.Tests.Skills;

public class SkillCatalogTests
{
    static SkillCatalog Catalog => CommittedCatalog.Instance;

    static string LabelOf(string name) => Catalog.Label(CommittedCatalog.Resolve(name));

    [Test]
    public void Load_reads_the_committed_catalog_with_its_counts()
    {
        Assert.That(Catalog.Version, Does.Match(@"^esco-1\.1\.1\+onet-29\.2\+[0-9a-f]{12}$"));
        Assert.That(Catalog.ConceptCount, Is.InRange(20_000, 30_000));
        Assert.That(Catalog.Occupations, Has.Count.EqualTo(3007));
        var kinds = Enumerable.Range(0, Catalog.ConceptCount).GroupBy(Catalog.Kind).ToDictionary(g => g.Key, g => g.Count());
        var curated = Enumerable.Range(0, Catalog.ConceptCount).Count(id => Catalog.ConceptKey(id).StartsWith("vocab:", StringComparison.Ordinal));
        Assert.That(curated, Is.InRange(100, 200));
        Assert.That(kinds[SkillKind.Knowledge] + kinds[SkillKind.SkillCompetence], Is.EqualTo(13_896 + curated));
        Assert.That(kinds[SkillKind.Technology], Is.InRange(8_000, 9_000));
        Assert.That(kinds[SkillKind.SkillGroup], Is.InRange(700, 900));
    }

    [TestCase("C#")]
    [TestCase("c#")]
    [TestCase("CSharp")]
    [TestCase("C sharp")]
    [TestCase("C-Sharp")]
    public void Resolve_maps_csharp_variants_to_one_concept(string name)
    {
        var id = CommittedCatalog.Resolve(name);
        Assert.That(Catalog.Label(id), Is.EqualTo("C#"));
        Assert.That(Catalog.ConceptKey(id), Is.EqualTo("4c016b68-4116-468c-9dc6-42710c239e4a"));
        Assert.That(Catalog.Kind(id), Is.EqualTo(SkillKind.Knowledge));
    }

    [Test]
    public void Resolve_keeps_cplusplus_c_and_csharp_apart()
    {
        Assert.That(LabelOf("C++"), Is.EqualTo("C++"));
        Assert.That(LabelOf("C"), Is.EqualTo("C"));
        Assert.That(LabelOf("C#"), Is.EqualTo("C#"));
        Assert.That(new[] { "C++", "C", "C#" }.Select(CommittedCatalog.Resolve).Distinct().Count(), Is.EqualTo(3));
    }

    [TestCase(".NET")]
    [TestCase("dotnet")]
    [TestCase("dot net")]
    [TestCase("Microsoft .NET Framework")]
    public void Resolve_maps_dotnet_spellings_to_one_concept(string name) =>
        Assert.That(LabelOf(name), Is.EqualTo("Visual Studio .NET"));

    [TestCase("Node.js")]
    [TestCase("nodejs")]
    [TestCase("node js")]
    public void Resolve_maps_nodejs_spellings_to_one_concept(string name) =>
        Assert.That(LabelOf(name), Is.EqualTo("Node.js"));

    [TestCase("Python3")]
    [TestCase("Py3K")]
    [TestCase("python 3k")]
    [TestCase("Python")]
    public void Resolve_follows_esco_alternative_labels(string name) =>
        Assert.That(LabelOf(name), Is.EqualTo("Python (computer programming)"));

    [TestCase("Java", "Java (computer programming)")]
    [TestCase("Google Compute Engine", "Google Compute Engine (GCE)")]
    [TestCase("Human resource information system", "Human resource information system (HRIS)")]
    public void Resolve_reaches_a_qualified_label_without_its_qualifier(string name, string label) =>
        Assert.That(LabelOf(name), Is.EqualTo(label));

    [Test]
    public void Resolve_rejects_a_qualifier_free_name_shared_by_two_concepts()
    {
        Assert.That(LabelOf("Digivey software (expert system feature)"), Is.EqualTo("Digivey software (expert system feature)"));
        Assert.That(LabelOf("Digivey software (point of sale feature)"), Is.EqualTo("Digivey software (point of sale feature)"));
        Assert.That(Catalog.TryResolve("Digivey software", out _), Is.False);
    }

    [TestCase("operating system", "operating systems")]
    [TestCase("database management system", "database management systems")]
    [TestCase("databases", "database")]
    [TestCase("Microsoft Excels", "Microsoft Excel")]
    public void Resolve_accepts_singular_and_plural(string name, string label) =>
        Assert.That(LabelOf(name), Is.EqualTo(label));

    [TestCase("Kubernetes")]
    [TestCase("Microsoft Excel")]
    [TestCase("Docker")]
    public void Resolve_finds_onet_products(string name)
    {
        var id = CommittedCatalog.Resolve(name);
        Assert.That(Catalog.Label(id), Is.EqualTo(name));
        Assert.That(Catalog.Kind(id), Is.EqualTo(SkillKind.Technology));
        Assert.That(Catalog.ConceptKey(id), Does.StartWith("onet:"));
    }

    [Test]
    public void Resolve_gives_an_onet_product_named_like_an_esco_concept_no_concept_of_its_own()
    {
        var keys = Enumerable.Range(0, Catalog.ConceptCount).Select(Catalog.ConceptKey).ToHashSet();
        Assert.That(keys, Does.Not.Contain("onet:csharp").And.Not.Contain("onet:python").And.Not.Contain("onet:oraclejava"));
        Assert.That(LabelOf("Oracle Java"), Is.EqualTo("Java (computer programming)"));
        Assert.That(LabelOf("Microsoft SQL Server"), Is.EqualTo("SQL Server"));
    }

    [TestCase("k8s", "Kubernetes")]
    [TestCase("golang", "Go")]
    [TestCase("js", "JavaScript")]
    [TestCase("ts", "TypeScript")]
    [TestCase("postgres", "PostgreSQL")]
    [TestCase("Excel", "Microsoft Excel")]
    public void Resolve_knows_common_shorthands(string name, string label) =>
        Assert.That(LabelOf(name), Is.EqualTo(label));

    [Test]
    public void Resolve_prefers_a_product_to_the_category_that_lists_it()
    {
        Assert.That(LabelOf("Git"), Is.EqualTo("Git"));
        Assert.That(LabelOf("Linux"), Is.EqualTo("Linux"));
    }

    [TestCase("quantum basket weaving")]
    [TestCase("")]
    [TestCase("   ")]
    [TestCase("!!!")]
    public void Resolve_rejects_unknown_names(string name)
    {
        Assert.That(Catalog.TryResolve(name, out var id), Is.False);
        Assert.That(id, Is.EqualTo(-1));
    }

    [Test]
    public void Resolve_rejects_a_name_longer_than_any_key() =>
        Assert.That(Catalog.TryResolve(new string('a', SkillKeys.MaxKeyLength + 1), out _), Is.False);

    [Test]
    public void Resolve_allocates_nothing()
    {
        string[] names = ["C#", "Node.js", "operating system", "databases", "quantum basket weaving", "K8S", "Prépare canapés"];
        foreach (var name in names)
        {
            Catalog.TryResolve(name, out _);
        }

        const int calls = 100_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++)
        {
            Catalog.TryResolve(names[i % names.Length], out _);
        }

        // The runtime may allocate a few bytes once while it recompiles a hot method; any per-call allocation would cost at least 24 bytes a call.
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(calls));
    }

    [Test]
    public void Occupations_hold_esco_skills_and_crosswalked_technologies()
    {
        var developer = Catalog.Occupations.Single(o => o.Label == "software developer");
        Assert.That(developer.Essential.Select(Catalog.Label), Does.Contain("computer programming"));
        Assert.That(developer.Technologies.Select(Catalog.Label), Does.Contain("C#").And.Contain("Git"));
        Assert.That(developer.Technologies, Has.Length.LessThanOrEqualTo(SkillCatalogBuilder.MaxTechnologiesPerOccupation));
    }

    [Test]
    public void Occupations_refer_only_to_concepts_of_the_catalog()
    {
        var ids = Catalog.Occupations.SelectMany(o => o.Essential.Concat(o.Optional).Concat(o.Technologies)).ToList();
        Assert.That(ids, Is.Not.Empty.And.All.InRange(0, Catalog.ConceptCount - 1));
        Assert.That(Catalog.Occupations.Count(o => o.Technologies.Length > 0), Is.InRange(300, 1500));
    }
}
