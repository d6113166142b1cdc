namespace Matching.Benchmarks;

/// <summary>
/// Texts made to find the worst of skill extraction: the same name over and over, one endless word, nothing but
/// separators, the start of a multi-word name that never finishes, ambiguous and negated names, many distinct skills.
/// Each is <see cref="Length"/> characters, the most /v1/skills/extract takes. Also compiled into Matching.Tests.
/// </summary>
static class HostileTexts
{
    public const int Length = 100_000;

    const string Realistic = """
        About the role. We are looking for a senior data engineer to join our platform team in Lyon. You will design and
        build batch and streaming pipelines with Python, Apache Spark and Airflow, model data in PostgreSQL and Snowflake,
        and expose it through REST APIs written in FastAPI. You will work with data scientists on machine learning
        features (scikit-learn, PyTorch) and put models in production with Docker and Kubernetes on AWS, using
        Terraform for infrastructure as code and GitLab CI for continuous integration. No Java experience is needed,
        but knowledge of Scala is a plus. Votre profil : vous maîtrisez la gestion de projet agile (Scrum), les tests
        unitaires et l'intégration continue. Pas de connaissance en SAP nécessaire.

        """;

    const string ManySkills = "Python, Java, C#, C++, Go, Rust, Ruby, PHP, Kotlin, Swift, Scala, Haskell, SQL, PostgreSQL, MySQL, "
        + "MongoDB, Redis, Kafka, Docker, Kubernetes, Terraform, Ansible, Jenkins, Git, Linux, AWS, Azure, React, Angular, Vue.js, "
        + "Node.js, Django, Flask, Spring Boot, .NET, TensorFlow, PyTorch, pandas, NumPy, Excel, Power BI, Tableau, SAP, Salesforce, "
        + "project management, negotiation, accounting, machine learning, data science, unit testing; ";

    /// <summary>Name and text; the text is exactly <see cref="Length"/> characters.</summary>
    public static IReadOnlyList<(string Name, string Text)> All { get; } =
    [
        ("\"C# \" repeated", Repeat("C# ")),
        ("\"SQL \" repeated", Repeat("SQL ")),
        ("\"python \" repeated", Repeat("python ")),
        ("\"Python, \" repeated", Repeat("Python, ")),
        ("\"machine learning \" repeated", Repeat("machine learning ")),
        ("\"machine \" repeated (a name's start)", Repeat("machine ")),
        ("\"Java Spring \" repeated (ambiguous, decided)", Repeat("Java Spring ")),
        ("\"Spark Unity Chef \" repeated (ambiguous, undecided)", Repeat("Spark Unity Chef ")),
        ("\"no Java \" repeated (negated)", Repeat("no Java ")),
        ("\"R, Go, \" repeated (short names)", Repeat("R, Go, ")),
        ("one word of 100,000 letters", new string('a', Length)),
        ("\"C#\" without spaces", Repeat("C#")),
        ("\"a \" repeated", Repeat("a ")),
        ("\"a.\" repeated (dotted word)", Repeat("a.")),
        ("punctuation only", Repeat(".,;:!?()[]-/|•\n")),
        ("50 distinct skills repeated", Repeat(ManySkills)),
        ("a realistic description repeated", Repeat(Realistic)),
    ];

    static string Repeat(string unit) => string.Create(Length, unit, static (span, unit) =>
    {
        for (var i = 0; i < span.Length; i += unit.Length)
        {
            unit.AsSpan(0, Math.Min(unit.Length, span.Length - i)).CopyTo(span[i..]);
        }
    });

    /// <summary>The first <paramref name="length"/> characters of <paramref name="text"/>.</summary>
    public static string Cut(string text, int length) => text[..Math.Min(length, text.Length)];
}
