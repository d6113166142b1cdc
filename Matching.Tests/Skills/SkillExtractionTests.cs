using Matching.Core.Skills;

namespace Matching.Tests.Skills;

/// <summary>Free-text extraction by the committed catalog, case by case and on the labelled sample.</summary>
public class SkillExtractionTests
{
    static SkillCatalog Catalog => CommittedCatalog.Instance;

    static List<string> Labels(string text, string language = "en") =>
        [.. Catalog.Extract(text, language).Select(s => Catalog.Label(s.ConceptId))];

    [Test]
    public void The_longest_known_name_wins()
    {
        Assert.That(Labels("Experience with machine learning and SQL Server."), Is.EqualTo(new[] { "machine learning", "SQL Server" }));
    }

    [TestCase("No Java experience is needed, but Python is.", "Python (computer programming)")]
    [TestCase("We work without Excel; reporting is done in Python.", "Python (computer programming)")]
    [TestCase("Java not required. Docker is a plus.", "Docker")]
    [TestCase("Pas de connaissance en SAP nécessaire ; Python souhaité.", "Python (computer programming)")]
    public void Negated_skills_do_not_count(string text, string only)
    {
        Assert.That(Labels(text, text.StartsWith("Pas", StringComparison.Ordinal) ? "fr" : "en"), Is.EqualTo(new[] { only }));
    }

    [Test]
    public void A_negation_reaches_through_a_list_but_not_past_a_full_stop()
    {
        Assert.That(Labels("No Java, C++ or Rust needed. Python is."), Is.EqualTo(new[] { "Python (computer programming)" }));
    }

    [Test]
    public void Acronyms_and_short_names_need_another_skill_beside_them()
    {
        Assert.That(Labels("We expect ML in production."), Is.Empty);
        Assert.That(Labels("We expect ML in production with Python and scikit-learn."), Does.Contain("machine learning"));
        Assert.That(Labels("You will go to the office in spring."), Is.Empty);
        Assert.That(Labels("Our stack is Java 17 and Spring Boot."), Is.EqualTo(new[] { "Java (computer programming)", "Spring Boot" }));
    }

    [Test]
    public void Generic_words_alone_are_not_skills()
    {
        Assert.That(Labels("You will support the team and take part in design and management meetings."), Is.Empty);
        Assert.That(Labels("Strong project management and graphic design skills."), Does.Contain("project management"));
    }

    [Test]
    public void French_text_reads_french_names()
    {
        Assert.That(Labels("Maîtrise de la gestion de projet et des tests unitaires.", "fr"),
            Is.EqualTo(new[] { "project management", "perform software unit testing" }));
    }

    [Test]
    public void Spans_point_at_the_words_that_named_each_skill()
    {
        const string text = "Python, then more Python with PostgreSQL.";
        var python = Catalog.Extract(text, "en").Single(s => Catalog.Label(s.ConceptId) == "Python (computer programming)");
        Assert.That(python.Spans.Select(s => (s.Start, s.Text)), Is.EqualTo(new[] { (0, "Python"), (18, "Python") }));
        Assert.That(python.Spans.All(s => text.Substring(s.Start, s.Length) == s.Text), Is.True);
    }

    [Test]
    public void Extraction_meets_its_targets_on_the_held_out_half_of_the_labelled_sample()
    {
        var sample = ExtractionEvaluation.Read(EverydayNamesTests.DataFile("extraction-sample.jsonl"));
        Assert.That(sample, Has.Count.GreaterThanOrEqualTo(300));
        var scores = ExtractionEvaluation.Score(Catalog, sample);
        foreach (var score in scores)
        {
            TestContext.Out.WriteLine($"{score.Part}: {score.Sentences} sentences, {score.Labelled} labelled, {score.Found} found, precision {score.Precision:F3}, recall {score.Recall:F3}");
        }

        // The bar is recall 0.35 at precision 0.60 on job-ad sentences we do not have; our own sample is easier.
        var test = scores.Single(s => s.Part == "test half");
        Assert.That(test.Precision, Is.GreaterThanOrEqualTo(0.65));
        Assert.That(test.Recall, Is.GreaterThanOrEqualTo(0.55));
        Assert.That(scores.Single(s => s.Part == "test half, French").Recall, Is.GreaterThanOrEqualTo(0.45));
    }
}
