using System.IO.Compression;
using System.Text;
using Matching.Core.Skills;
using Matching.Training.Catalog;

namespace Matching.Tests.Skills;

/// <summary>Builds catalogs from a tiny made-up ESCO and O*NET download written by the test, so CI needs no raw data.</summary>
public class SkillCatalogBuilderTests
{
    const string CSharp = "00000000-0000-0000-0000-000000000001";
    const string Java = "00000000-0000-0000-0000-000000000002";
    const string Programming = "00000000-0000-0000-0000-000000000003";
    const string ConfigurationTools = "00000000-0000-0000-0000-000000000004";
    const string JavaScript = "00000000-0000-0000-0000-000000000005";
    const string PlanTests = "00000000-0000-0000-0000-000000000006";
    const string WriteCode = "00000000-0000-0000-0000-000000000007";
    const string ReviewCode = "00000000-0000-0000-0000-000000000008";
    const string Widget = "00000000-0000-0000-0000-000000000009";
    const string GadgetTool = "00000000-0000-0000-0000-000000000010";
    const string GadgetToy = "00000000-0000-0000-0000-000000000011";
    const string Skill = "http://data.europa.eu/esco/skill/";
    const string Occupation = "http://data.europa.eu/esco/occupation/";
    const string SoftwareGroup = "http://data.europa.eu/esco/isced-f/0613";

    string folder = "";

    IReadOnlyList<string> LastProblems = [];

    /// <summary>The fixture's own curated vocabulary, one line of each kind and a few faults the builder must report.</summary>
    static readonly CuratedVocabulary Vocabulary = CuratedVocabulary.Parse(
    [
        ("aliases-test.tsv", "js\tJavaScript\talias\nk8s\tKubernetes\tacronym\ndéveloppement\tcomputer programming\ttranslation\nnowhere\tNo Such Skill\talias\n"),
        ("concepts-test.tsv", "unit testing\tplan tests\n"),
        ("implies-test.tsv", "Kubernetes\tGit\t0.5\twhy not\n"),
        ("ambiguous-test.tsv", "gizmo\tGadget (tooling)\tGit|Notepad\ngizmo\tGadget (toys)\tMicrosoft Excel\n"),
    ]);

    [SetUp]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("catalog-fixture-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    [Test]
    public void Build_writes_the_same_bytes_for_the_same_inputs()
    {
        var first = File.ReadAllBytes(BuildFixture("first.json.gz").Path);
        var second = File.ReadAllBytes(BuildFixture("second.json.gz").Path);
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Build_versions_the_catalog_by_release_and_content()
    {
        var plain = BuildFixture("plain.json.gz").Summary.Version;
        var changed = BuildFixture("changed.json.gz", extraProgrammingLabel: "coding").Summary.Version;
        Assert.That(plain, Does.Match(@"^test-1\+[0-9a-f]{12}$"));
        Assert.That(changed, Does.StartWith("test-1+").And.Not.EqualTo(plain));
    }

    [Test]
    public void Build_counts_what_it_wrote()
    {
        var (_, summary, catalog) = BuildFixture();
        Assert.That(summary.Concepts, Is.EqualTo(catalog.ConceptCount));
        Assert.That(summary.EscoSkills, Is.EqualTo(11));
        Assert.That(summary.Technologies, Is.EqualTo(4), "Git, Kubernetes, Notepad, Microsoft Excel");
        Assert.That(summary.SkillGroups, Is.EqualTo(6), "one ESCO group and five O*NET commodities");
        Assert.That(summary.ProductsMergedIntoEsco, Is.EqualTo(1), "C#");
        Assert.That(summary.Occupations, Is.EqualTo(4));
        Assert.That(summary.OccupationsWithTechnologies, Is.EqualTo(2));
        Assert.That(catalog.Version, Is.EqualTo(summary.Version));
    }

    [Test]
    public void Build_merges_an_onet_product_into_the_esco_concept_of_the_same_name()
    {
        var catalog = BuildFixture().Catalog;
        Assert.That(catalog.TryResolve("C#", out var id), Is.True);
        Assert.That(catalog.ConceptKey(id), Is.EqualTo(CSharp));
        Assert.That(catalog.Kind(id), Is.EqualTo(SkillKind.Knowledge));
        Assert.That(Enumerable.Range(0, catalog.ConceptCount).Select(catalog.ConceptKey), Does.Not.Contain("onet:csharp"));
    }

    [Test]
    public void Build_keeps_a_product_that_names_an_esco_category_as_a_narrower_concept()
    {
        var catalog = BuildFixture().Catalog;
        var git = Resolve(catalog, "Git");
        Assert.That(catalog.ConceptKey(git), Is.EqualTo("onet:git"));
        Assert.That(catalog.Kind(git), Is.EqualTo(SkillKind.Technology));
        Assert.That(catalog.Neighbours(Resolve(catalog, "tools for software configuration management")),
            Does.Contain(new SkillNeighbour(git, SkillRelation.Narrower, AdjacencyWeights.Narrower)));
    }

    [Test]
    public void Build_places_products_under_their_onet_commodity()
    {
        var catalog = BuildFixture().Catalog;
        var commodity = Resolve(catalog, "File versioning software");
        Assert.That(catalog.ConceptKey(commodity), Is.EqualTo("onet-commodity:43232402"));
        Assert.That(catalog.Kind(commodity), Is.EqualTo(SkillKind.SkillGroup));
        Assert.That(catalog.Neighbours(Resolve(catalog, "Git")), Does.Contain(new SkillNeighbour(commodity, SkillRelation.Broader, AdjacencyWeights.Broader)));
    }

    [Test]
    public void Build_links_skills_essential_to_enough_of_the_same_occupations()
    {
        var catalog = BuildFixture().Catalog;
        var neighbours = catalog.Neighbours(Resolve(catalog, "C#"));
        Assert.That(neighbours, Does.Contain(new SkillNeighbour(Resolve(catalog, "Java"), SkillRelation.CoOccurring, AdjacencyWeights.CoOccurringMax)));
        Assert.That(neighbours.Select(n => n.ConceptId), Does.Not.Contain(Resolve(catalog, "JavaScript")), "they share one occupation only");
    }

    [Test]
    public void Build_links_technologies_listed_for_the_same_onet_occupations()
    {
        var catalog = BuildFixture().Catalog;
        Assert.That(catalog.Neighbours(Resolve(catalog, "Kubernetes")),
            Does.Contain(new SkillNeighbour(Resolve(catalog, "Git"), SkillRelation.CoOccurring, AdjacencyWeights.CoOccurringMax)));
    }

    [Test]
    public void Build_keeps_esco_skill_relations_with_their_type()
    {
        var catalog = BuildFixture().Catalog;
        Assert.That(catalog.Neighbours(Resolve(catalog, "write code")),
            Does.Contain(new SkillNeighbour(Resolve(catalog, "review code"), SkillRelation.RelatedOptional, AdjacencyWeights.RelatedOptional)));
        Assert.That(catalog.Neighbours(Resolve(catalog, "write code")).Single(n => n.ConceptId == Resolve(catalog, "plan tests")).Relation,
            Is.EqualTo(SkillRelation.RelatedEssential));
    }

    [Test]
    public void Build_gives_a_shared_label_to_the_concept_more_occupations_list()
    {
        var catalog = BuildFixture().Catalog;
        Assert.That(catalog.ConceptKey(Resolve(catalog, "testing")), Is.EqualTo(PlanTests), "plan tests is listed by three occupations, review code by two");
    }

    [Test]
    public void Build_drops_a_qualifier_only_where_one_concept_remains()
    {
        var catalog = BuildFixture().Catalog;
        Assert.That(catalog.ConceptKey(Resolve(catalog, "Widget")), Is.EqualTo(Widget));
        Assert.That(catalog.TryResolve("Gadget", out _), Is.False);
        Assert.That(catalog.ConceptKey(Resolve(catalog, "Gadget (toys)")), Is.EqualTo(GadgetToy));
    }

    [Test]
    public void Build_adds_curated_aliases_for_concepts_it_has()
    {
        var catalog = BuildFixture().Catalog;
        Assert.That(catalog.ConceptKey(Resolve(catalog, "js")), Is.EqualTo(JavaScript));
        Assert.That(catalog.Label(Resolve(catalog, "k8s")), Is.EqualTo("Kubernetes"));
    }

    [Test]
    public void Build_adds_curated_concepts_implications_and_ambiguous_names_and_reports_what_it_cannot_place()
    {
        var catalog = BuildFixture().Catalog;
        var unitTesting = Resolve(catalog, "unit testing");
        Assert.That(catalog.ConceptKey(unitTesting), Is.EqualTo("vocab:unittesting"));
        Assert.That(catalog.Read("k8s").How, Is.EqualTo(SkillReading.Acronym));
        Assert.That(catalog.Read("développement").How, Is.EqualTo(SkillReading.Translation));

        var git = Resolve(catalog, "Git");
        Assert.That(catalog.Neighbours(git), Does.Contain(new SkillNeighbour(Resolve(catalog, "Kubernetes"), SkillRelation.Implies, 0.5f)));

        var gadget = catalog.Read("gizmo");
        Assert.That(gadget.IsAmbiguous, Is.True);
        Assert.That(catalog.ConceptKey(gadget.ConceptId), Is.EqualTo(GadgetTool));
        Assert.That(catalog.Decide(gadget, [git]), Is.EqualTo(gadget with { How = SkillReading.Context }));
        var toys = catalog.Decide(gadget, [catalog.Read("Microsoft Excel").ConceptId]);
        Assert.That((catalog.ConceptKey(toys.ConceptId), toys.How), Is.EqualTo((GadgetToy, SkillReading.Context)), "a cue of the second sense decides for it");

        Assert.That(LastProblems, Has.Some.Contains("No Such Skill"));
    }

    [Test]
    public void Build_lists_each_occupations_skills_and_crosswalked_technologies_hot_first()
    {
        var catalog = BuildFixture().Catalog;
        var developer = catalog.Occupations.Single(o => o.Label == "software developer");
        Assert.That(developer.Key, Is.EqualTo("00000000-0000-0000-0000-0000000000a1"));
        Assert.That(developer.Essential.Select(catalog.ConceptKey), Is.EquivalentTo(new[] { CSharp, Java, PlanTests, WriteCode }));
        Assert.That(developer.Optional.Select(catalog.ConceptKey), Is.EqualTo(new[] { JavaScript }));
        Assert.That(developer.Technologies.Select(catalog.Label).Take(2), Is.EqualTo(new[] { "Kubernetes", "C#" }));
        Assert.That(developer.Technologies.Select(catalog.Label), Is.EquivalentTo(new[] { "Kubernetes", "C#", "Git", "Notepad" }));
        Assert.That(catalog.Occupations.Single(o => o.Label == "cook").Technologies, Is.Empty, "'cook' shares only half of 'Cooks, Restaurant'");
    }

    static int Resolve(SkillCatalog catalog, string name)
    {
        Assert.That(catalog.TryResolve(name, out var id), Is.True, $"'{name}' should resolve");
        return id;
    }

    (string Path, SkillCatalogSummary Summary, SkillCatalog Catalog) BuildFixture(string name = "catalog.json.gz", string? extraProgrammingLabel = null)
    {
        var classification = Path.Combine(folder, "classification.zip");
        var relations = Path.Combine(folder, "relations.zip");
        var technology = Path.Combine(folder, "Technology Skills.txt");
        var onetOccupations = Path.Combine(folder, "Occupation Data.txt");

        WriteZip(classification, new()
        {
            ["skills_en.csv"] = Csv(
                ["conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels", "hiddenLabels", "status"],
                Esco(CSharp, "knowledge", "C#", "C Sharp\nC#"),
                Esco(Java, "knowledge", "Java (computer programming)", "Java"),
                Esco(Programming, "knowledge", "computer programming", extraProgrammingLabel ?? ""),
                Esco(ConfigurationTools, "knowledge", "tools for software configuration management", "git\nsource control"),
                Esco(JavaScript, "knowledge", "JavaScript", ""),
                Esco(PlanTests, "skill/competence", "plan tests", "testing"),
                Esco(WriteCode, "skill/competence", "write code", ""),
                Esco(ReviewCode, "skill/competence", "review code", "testing"),
                Esco(Widget, "knowledge", "Widget (tooling)", ""),
                Esco(GadgetTool, "knowledge", "Gadget (tooling)", ""),
                Esco(GadgetToy, "knowledge", "Gadget (toys)", "")),
            ["skillGroups_en.csv"] = Csv(
                ["conceptType", "conceptUri", "preferredLabel", "altLabels"],
                ["SkillGroup", SoftwareGroup, "software and applications development and analysis", ""]),
            ["occupations_en.csv"] = Csv(
                ["conceptType", "conceptUri", "preferredLabel", "altLabels"],
                ["Occupation", Occupation + "00000000-0000-0000-0000-0000000000a1", "software developer", "programmer\napplication developer"],
                ["Occupation", Occupation + "00000000-0000-0000-0000-0000000000a2", "web developer", ""],
                ["Occupation", Occupation + "00000000-0000-0000-0000-0000000000a3", "software tester", ""],
                ["Occupation", Occupation + "00000000-0000-0000-0000-0000000000a4", "cook", ""]),
        });
        WriteZip(relations, new()
        {
            ["broaderRelationsSkillPillar.csv"] = Csv(
                ["conceptType", "conceptUri", "broaderType", "broaderUri"],
                ["KnowledgeSkillCompetence", Skill + CSharp, "KnowledgeSkillCompetence", Skill + Programming],
                ["KnowledgeSkillCompetence", Skill + Java, "KnowledgeSkillCompetence", Skill + Programming],
                ["KnowledgeSkillCompetence", Skill + Programming, "SkillGroup", SoftwareGroup],
                ["KnowledgeSkillCompetence", Skill + ConfigurationTools, "SkillGroup", SoftwareGroup]),
            ["skillSkillRelations.csv"] = Csv(
                ["originalSkillUri", "originalSkillType", "relationType", "relatedSkillType", "relatedSkillUri"],
                [Skill + PlanTests, "skill/competence", "essential", "skill/competence", Skill + WriteCode],
                [Skill + WriteCode, "skill/competence", "optional", "skill/competence", Skill + ReviewCode]),
            ["occupationSkillRelations.csv"] = Csv(
                ["occupationUri", "relationType", "skillType", "skillUri"],
                [.. Links("a1", "essential", CSharp, Java, PlanTests, WriteCode), .. Links("a1", "optional", JavaScript),
                 .. Links("a2", "essential", CSharp, Java, PlanTests, JavaScript),
                 .. Links("a3", "essential", CSharp, Java, PlanTests, ReviewCode),
                 .. Links("a4", "essential", ReviewCode)]),
        });
        File.WriteAllText(technology, Tsv(
            ["O*NET-SOC Code", "Example", "Commodity Code", "Commodity Title", "Hot Technology", "In Demand"],
            ["15-1252.00", "C#", "43232401", "Object or component oriented development software", "Y", "N"],
            ["15-1252.00", "Git", "43232402", "File versioning software", "N", "N"],
            ["15-1252.00", "Kubernetes", "43232403", "Application server software", "Y", "Y"],
            ["15-1252.00", "Notepad", "43232404", "Text editor software", "N", "N"],
            ["15-1254.00", "Git", "43232402", "File versioning software", "N", "N"],
            ["15-1254.00", "Kubernetes", "43232403", "Application server software", "Y", "N"],
            ["15-1299.08", "Git", "43232402", "File versioning software", "N", "N"],
            ["15-1299.08", "Kubernetes", "43232403", "Application server software", "N", "N"],
            ["35-2014.00", "Microsoft Excel", "43232110", "Spreadsheet software", "N", "N"]));
        File.WriteAllText(onetOccupations, Tsv(
            ["O*NET-SOC Code", "Title", "Description"],
            ["15-1252.00", "Software Developers", "Develop software."],
            ["15-1254.00", "Web Developers", "Develop websites."],
            ["15-1299.08", "Computer Systems Engineers/Architects", "Design systems."],
            ["35-2014.00", "Cooks, Restaurant", "Cook in restaurants."]));

        var path = Path.Combine(folder, name);
        var (summary, problems) = SkillCatalogBuilder.Build(new SkillCatalogSources(classification, relations, technology, onetOccupations, "test-1"), path, Vocabulary);
        LastProblems = problems;
        return (path, summary, SkillCatalog.Load(path));
    }

    static string[] Esco(string uuid, string skillType, string label, string altLabels) =>
        ["KnowledgeSkillCompetence", Skill + uuid, skillType, "sector-specific", label, altLabels, "", "released"];

    static IEnumerable<string[]> Links(string occupation, string relation, params string[] skills) =>
        skills.Select(s => new[] { Occupation + "00000000-0000-0000-0000-0000000000" + occupation, relation, "knowledge", Skill + s });

    static string Csv(string[] header, params string[][] rows) =>
        string.Concat(new[] { header }.Concat(rows).Select(row => string.Join(',', row.Select(f => $"\"{f.Replace("\"", "\"\"", StringComparison.Ordinal)}\"")) + "\n"));

    static string Tsv(string[] header, params string[][] rows) =>
        string.Concat(new[] { header }.Concat(rows).Select(row => string.Join('\t', row) + "\r\n"));

    static void WriteZip(string path, Dictionary<string, string> files)
    {
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        foreach (var (name, text) in files)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
            writer.Write(text);
        }
    }
}
