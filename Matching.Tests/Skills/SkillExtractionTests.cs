using Matching.Benchmarks;
using Matching.Core.Skills;
using Matching.Training.Catalog;

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

        // The issue's bar is recall 0.35 at precision 0.60 on job-ad sentences we do not have; our own sample is easier.
        var test = scores.Single(s => s.Part == "test half");
        Assert.That(test.Precision, Is.GreaterThanOrEqualTo(0.65));
        Assert.That(test.Recall, Is.GreaterThanOrEqualTo(0.55));
        Assert.That(scores.Single(s => s.Part == "test half, French").Recall, Is.GreaterThanOrEqualTo(0.45));
    }

    [TestCase("Backend in Python, Go, Rust and Swift.", new[] { "Python (computer programming)", "Go", "Rust programming language", "Swift (computer programming)" })]
    [TestCase("Stack: Java, Spring Boot, Kotlin.", new[] { "Java (computer programming)", "Spring Boot", "Kotlin" })]
    public void Names_in_a_comma_list_count_as_written_names(string text, string[] expected) =>
        Assert.That(Labels(text), Is.SupersetOf(expected));

    [TestCase("Experience in UX design is expected, with Figma.")]
    [TestCase("Experience with C programming and Python.")]
    public void A_name_of_several_words_starting_with_a_short_one_needs_no_other_skill(string text) =>
        Assert.That(Labels(text).Count, Is.GreaterThanOrEqualTo(2));

    [TestCase("We are a non-profit organisation looking for a Python developer.", "Python (computer programming)")]
    [TestCase("Knowledge of Java is not required, Docker is.", "Docker")]
    [TestCase("Not only Python but also SQL.", "Python (computer programming)")]
    [TestCase("Never stop learning: strong Python skills.", "Python (computer programming)")]
    public void Negation_stays_where_it_belongs(string text, string kept) =>
        Assert.That(Labels(text), Does.Contain(kept));

    [TestCase("Java: not required. Docker is.", "Java (computer programming)")]
    [TestCase("Python et SQL ne sont pas requis ; Docker souhaité.", "Python (computer programming)")]
    public void A_later_not_required_negates_the_names_it_follows(string text, string negated) =>
        Assert.That(Labels(text, text.Contains(" et ", StringComparison.Ordinal) ? "fr" : "en"), Does.Not.Contain(negated));

    [Test]
    public void Decomposed_accents_read_as_composed_ones()
    {
        const string composed = "Expérience en intégration continue et tests unitaires avec Python.";
        Assert.That(Labels(composed.Normalize(System.Text.NormalizationForm.FormD), "fr"), Is.EqualTo(Labels(composed, "fr")));
    }

    [Test]
    public void Extraction_is_total_and_its_spans_and_two_forms_agree_on_random_texts()
    {
        // Words of every kind (names, negations, short names, punctuation, accents) in random order.
        string[] pieces = ["Python", "no", "Java", ",", ".", "ML", "machine", "learning", "Go", "go", "sans", "SAP", "not", "required",
            "C#", ".NET", "Node.js", "non-profit", "é", "e\u0301", "R", "&", ":", "(", ")", "unit", "tests", "Spring", "Boot", "\n", "Excel", "excel", "x"];
        var random = new Random(42);
        for (var n = 0; n < 2000; n++)
        {
            var text = string.Join(random.Next(3) == 0 ? "" : " ", Enumerable.Range(0, random.Next(1, 40)).Select(_ => pieces[random.Next(pieces.Length)]))
                .Replace("\\u0301", "\u0301", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal);
            var found = Catalog.Extract(text, null);
            var concepts = new List<int>();
            Catalog.ExtractConcepts(text, null, concepts);
            Assert.That(concepts, Is.EquivalentTo(found.Select(f => f.ConceptId)), text);
            Assert.That(found.SelectMany(f => f.Spans).All(s => text.Substring(s.Start, s.Length) == s.Text), Is.True, text);
            Assert.That(Catalog.Extract(text, null).Select(f => f.ConceptId), Is.EqualTo(found.Select(f => f.ConceptId)), text);
        }
    }

    static IEnumerable<TestCaseData> Hostile() => HostileTexts.All.Select(t => new TestCaseData(t.Text).SetArgDisplayNames(t.Name));

    /// <summary>
    /// Work is counted as bytes allocated, which is exact and does not depend on the machine's load: copying the
    /// spans found so far at each new one made "C# C# C# ..." allocate 4× as much for twice the text (gigabytes).
    /// The slack is for the rented word and key buffers, which the pool may have let go in between.
    /// </summary>
    [TestCaseSource(nameof(Hostile))]
    public void Reading_twice_the_text_costs_about_twice_as_much(string text)
    {
        var half = HostileTexts.Cut(text, text.Length / 2);
        static long Allocated(string text, out int spans)
        {
            var concepts = new List<int>();
            var before = GC.GetAllocatedBytesForCurrentThread();
            var found = Catalog.Extract(text, "en");
            Catalog.ExtractConcepts(text, "en", concepts);
            spans = found.Sum(f => f.Spans.Count);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Allocated(text, out _);
        Allocated(half, out _);
        var halfBytes = Allocated(half, out var halfSpans);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var fullBytes = Allocated(text, out var fullSpans);

        Assert.That(fullSpans, Is.InRange(1.95 * halfSpans, 2.05 * halfSpans + 2), "twice the text names its skills twice as often");
        Assert.That(fullBytes, Is.LessThanOrEqualTo(2.2 * halfBytes + text.Length * 40L), $"{halfBytes:N0} bytes for half the text");
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "a generous bound: it takes under 0.1 s");
    }
}
