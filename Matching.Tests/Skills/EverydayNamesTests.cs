using Matching.Core.Features;
using Matching.Core.Skills;

namespace Matching.Tests.Skills;

/// <summary>Names as HR systems, developers and French users write them, read by the committed catalog.</summary>
public class EverydayNamesTests
{
    static SkillCatalog Catalog => CommittedCatalog.Instance;

    static string Key(string name) => Catalog.Read(name) is { Found: true } m ? Catalog.ConceptKey(m.ConceptId) : "-";

    static string Label(string name) => Catalog.Read(name) is { Found: true } m ? Catalog.Label(m.ConceptId) : "-";

    static SkillReading How(string name) => Catalog.Read(name).How;

    public static string DataFile(string name) => RepositoryFiles.Path("Matching.Tests", "Skills", "Data", name);

    [Test]
    public void At_least_95_percent_of_the_stack_overflow_2023_names_resolve_to_the_reviewed_concept()
    {
        var rows = File.ReadLines(DataFile("so2023-expected.tsv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#') && !l.StartsWith("name\t", StringComparison.Ordinal))
            .Select(l => l.Split('\t'))
            .ToList();
        var wrong = rows.Where(r => Key(r[0]) != r[1]).Select(r => $"{r[0]}: {Label(r[0])} ({Key(r[0])}), expected {r[2]} ({r[1]})").ToList();
        var share = 1 - (double)wrong.Count / rows.Count;
        TestContext.Out.WriteLine($"{rows.Count - wrong.Count} of {rows.Count} resolve as reviewed ({share:P1}); the others:\n  {string.Join("\n  ", wrong)}");
        Assert.That(rows, Has.Count.EqualTo(224));
        Assert.That(share, Is.GreaterThanOrEqualTo(0.95));
    }

    [TestCase("Postgres", "PostgreSQL")]
    [TestCase("Sci-kit learn", "Scikit-learn")]
    [TestCase("HTML", "Hypertext markup language HTML")]
    [TestCase("JSON", "JavaScript Object Notation JSON")]
    [TestCase("REST", "RESTful API")]
    [TestCase("RESTful APIs", "RESTful API")]
    [TestCase("Hibernate", "Hibernate ORM")]
    [TestCase("Microsoft Azure", "Microsoft Azure software")]
    [TestCase("Power BI", "Microsoft Power BI")]
    [TestCase("PowerBI", "Microsoft Power BI")]
    [TestCase("Terraform", "IBM Terraform")]
    [TestCase("CI/CD", "CI/CD")]
    [TestCase("microservices", "Microservices Architecture")]
    [TestCase("object-oriented programming", "use object-oriented programming")]
    [TestCase("OOP", "use object-oriented programming")]
    [TestCase("unit testing", "perform software unit testing")]
    [TestCase("unit tests", "perform software unit testing")]
    [TestCase("SAP", "SAP software")]
    [TestCase("negotiation", "negotiate compromises")]
    [TestCase("Team Foundation Server", "Microsoft Azure DevOps Services")]
    [TestCase("TFS", "Microsoft Azure DevOps Services")]
    [TestCase("AngularJS", "AngularJS")]
    [TestCase("ReactJS", "React")]
    [TestCase("K8s", "Kubernetes")]
    [TestCase("golang", "Go")]
    [TestCase("Tensorflow", "TensorFlow")]
    public void Everyday_names_resolve_to_what_people_mean(string name, string label) =>
        Assert.That(Label(name), Is.EqualTo(label));

    [TestCase("Java", "JavaScript")]
    [TestCase("C", "C#")]
    [TestCase("C#", "C++")]
    [TestCase("C", "C++")]
    [TestCase("R", "Ruby")]
    [TestCase("Go", "Google Cloud")]
    [TestCase("SQL", "NoSQL")]
    public void Look_alikes_never_merge(string one, string other)
    {
        Assert.That(Key(one), Is.Not.EqualTo("-"), one);
        Assert.That(Key(other), Is.Not.EqualTo("-"), other);
        Assert.That(Key(one), Is.Not.EqualTo(Key(other)));
    }

    [Test]
    public void An_ambiguous_name_is_decided_by_the_skills_around_it()
    {
        var ml = Catalog.Read("ML");
        Assert.That(ml.IsAmbiguous, Is.True);
        Assert.That(Catalog.Label(ml.ConceptId), Is.EqualTo("machine learning"), "the most common sense when nothing decides");
        Assert.That(ml.How, Is.EqualTo(SkillReading.Ambiguous));

        int[] data = [CommittedCatalog.Resolve("Python"), CommittedCatalog.Resolve("scikit-learn")];
        var inData = Catalog.Decide(ml, data);
        Assert.That((Catalog.Label(inData.ConceptId), inData.How), Is.EqualTo(("machine learning", SkillReading.Context)));

        int[] functional = [CommittedCatalog.Resolve("Haskell"), CommittedCatalog.Resolve("OCaml")];
        var inFunctional = Catalog.Decide(ml, functional);
        Assert.That((Catalog.Label(inFunctional.ConceptId), inFunctional.How), Is.EqualTo(("ML (computer programming)", SkillReading.Context)));
    }

    [Test]
    public void The_ml_engineer_of_the_issue_holds_machine_learning_in_a_match()
    {
        var space = new SkillSpace(Catalog);
        var mission = Core.Features.MissionProfile.Create(new Core.Contracts.Mission
        {
            Skills = [new() { Name = "machine learning" }, new() { Name = "Python" }, new() { Name = "SQL" }],
            Start = new DateOnly(2026, 1, 5),
            End = new DateOnly(2026, 3, 27),
            Capacity = 1,
        }, space);
        List<string> names = ["ML", "Postgres", "Sci-kit learn", "Python"];
        var ids = new int[names.Count];
        space.ResolveList(names, static n => n, ids);
        var ml = ids[0];
        Assert.That(Catalog.Label(ml), Is.EqualTo("machine learning"));
        Assert.That(mission.Skills.Select(s => s.Label), Does.Contain("machine learning"));
        var interpretations = space.Interpretations();
        Assert.That(interpretations, Does.Contain(("ML", ml, SkillReading.Context)));
        Assert.That(interpretations.Select(i => i.Name), Does.Not.Contain("machine learning"), "exact labels are not listed unless asked");
    }

    [TestCase("Kubernets 1.28", "Kubernetes")]
    [TestCase("Pyhton 3.11", "Python (computer programming)")]
    [TestCase("agile methodolgies", "Agile development")]
    [TestCase("Pyhton", "Python (computer programming)")]
    [TestCase("Javscript", "JavaScript")]
    [TestCase("Kubernets", "Kubernetes")]
    [TestCase("Kubernetse", "Kubernetes")]
    [TestCase("PostgreSQLL", "PostgreSQL")]
    public void A_name_one_edit_from_a_long_label_is_read_as_a_typo(string name, string label)
    {
        Assert.That(Label(name), Is.EqualTo(label));
        Assert.That(How(name), Is.EqualTo(SkillReading.Fuzzy));
    }

    [TestCase("Jaba")]       // one edit from Java, but Java has fewer than six letters
    [TestCase("Scalaa")]     // one edit from Scala (five letters): long enough to be looked for, too short a label
    [TestCase("Rubyx")]
    [TestCase("Underwater basket weaving")]
    public void Short_or_far_names_are_not_guessed(string name) => Assert.That(Key(name), Is.EqualTo("-"));

    [Test]
    public void A_version_that_leaves_no_known_name_leaves_the_name_unknown() => Assert.That(Key("IPv6"), Is.EqualTo("-"));

    [TestCase("pythom", "python", true)]
    [TestCase("pyhton", "python", true)]
    [TestCase("pythonn", "python", true)]
    [TestCase("pytho", "python", true)]
    [TestCase("python", "python", false)]
    [TestCase("java8", "java9", false)]
    [TestCase("ptyhno", "python", false)]
    public void One_edit_means_one_insertion_deletion_substitution_or_swap_and_never_a_digit(string a, string b, bool expected) =>
        Assert.That(FuzzyIndex.OneEditApart(a, b), Is.EqualTo(expected));

    [TestCase("HTML5", "Hypertext markup language HTML")]
    [TestCase("Python 3.11", "Python (computer programming)")]
    [TestCase("C# 12", "C#")]
    [TestCase("Angular 17", "Angular")]
    [TestCase("Java 8", "Java (computer programming)")]
    public void A_version_number_does_not_change_the_skill(string name, string label) => Assert.That(Label(name), Is.EqualTo(label));

    [TestCase("S3", -1)]
    [TestCase("EC2", -1)]
    [TestCase("HTML5", 4)]
    [TestCase("Python 3.11", 6)]
    [TestCase("C# 12", 2)]
    [TestCase("Angular v17", 7)]
    [TestCase("IPv6", 3)]
    [TestCase("2024", -1)]
    public void Version_suffixes_are_split_only_where_a_name_remains(string name, int expected)
    {
        Assert.That(SkillCatalog.VersionBase(name), Is.EqualTo(expected));
    }

    [TestCase("gestion de projet", "project management", SkillReading.Translation)]
    [TestCase("tests unitaires", "perform software unit testing", SkillReading.Translation)]
    [TestCase("programmation informatique", "computer programming", SkillReading.Translation)]
    [TestCase("apprentissage automatique", "machine learning", SkillReading.Translation)]
    public void French_names_resolve(string name, string label, SkillReading how)
    {
        Assert.That(Label(name), Is.EqualTo(label));
        Assert.That(How(name), Is.EqualTo(how));
    }

    [TestCase("PostgreSQL", "SQL")]
    [TestCase("MySQL", "SQL")]
    [TestCase("SQL Server", "SQL")]
    [TestCase("scikit-learn", "machine learning")]
    [TestCase("TensorFlow", "machine learning")]
    [TestCase("PyTorch", "deep learning")]
    [TestCase("Spring Boot", "Java")]
    [TestCase("Hibernate", "Java")]
    [TestCase("Django", "Python")]
    [TestCase("pandas", "Python")]
    [TestCase("React", "JavaScript")]
    [TestCase("ASP.NET Core", "C#")]
    public void Tools_imply_skills_with_credit_shown_as_implies(string tool, string skill)
    {
        var held = CommittedCatalog.Resolve(tool);
        var neighbours = Catalog.Neighbours(CommittedCatalog.Resolve(skill)).Where(n => n.ConceptId == held).ToList();
        Assert.That(neighbours, Has.Count.EqualTo(1), $"{tool} should stand in for {skill}");
        var neighbour = neighbours[0];
        Assert.That(neighbour.Relation, Is.EqualTo(SkillRelation.Implies));
        Assert.That(neighbour.Credit, Is.InRange(0.5f, 0.9f));
    }

    [TestCase("k8", "Kubernetes")]
    [TestCase("pyth", "Python (computer programming)")]
    [TestCase("postg", "PostgreSQL")]
    [TestCase("machine l", "machine learning")]
    [TestCase("gestion de proj", "project management")]
    public void Suggestions_find_concepts_by_prefix_and_alias(string prefix, string label)
    {
        var suggestions = Catalog.Suggest(prefix);
        Assert.That(suggestions, Has.Count.InRange(1, 10));
        Assert.That(suggestions.Select(s => Catalog.Label(s.ConceptId)), Does.Contain(label));
        Assert.That(suggestions.Select(s => s.ConceptId), Is.Unique);
    }

    [Test]
    public void Suggestions_list_a_word_inside_a_name()
    {
        var suggestions = Catalog.Suggest("boot", 20);
        Assert.That(suggestions.Select(s => Catalog.Label(s.ConceptId)), Does.Contain("Spring Boot"));
    }
}
