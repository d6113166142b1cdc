using Matching.Core.Skills;

namespace Matching.Training.Catalog;

/// <summary>How a curated name relates to its concept.</summary>
internal enum CuratedNameKind
{
    Alias,
    Acronym,
    Translation,
}

internal sealed record CuratedName(string Name, string Target, CuratedNameKind Kind, string Source);

/// <summary>A concept neither ESCO nor O*NET has, keyed <c>vocab:</c> and its normalised label.</summary>
internal sealed record CuratedConcept(string Label, string[] Broader, string Source);

/// <summary>Holding <see cref="Product"/> is evidence of <see cref="Skill"/>, worth <see cref="Credit"/>.</summary>
internal sealed record CuratedImplication(string Product, string Skill, float Credit, string Source);

/// <summary>One sense of an ambiguous name, with the names whose presence nearby points to it.</summary>
internal sealed record CuratedSense(string Target, string[] Cues);

/// <summary>A name with several senses; the first is read when context cannot decide.</summary>
internal sealed record CuratedAmbiguity(string Name, IReadOnlyList<CuratedSense> Senses, string Source);

/// <summary>
/// The reviewed layer over ESCO and O*NET: names as people write them, concepts the sources lack, what
/// tools imply and which names are ambiguous. Read from the TSV files in <c>Skills/Vocabulary/</c>,
/// embedded in Matching.Core; docs/skills-catalog.md describes each file.
/// </summary>
internal sealed record CuratedVocabulary(
    IReadOnlyList<CuratedName> Names,
    IReadOnlyList<CuratedConcept> Concepts,
    IReadOnlyList<CuratedImplication> Implications,
    IReadOnlyList<CuratedAmbiguity> Ambiguities)
{
    const string ResourcePrefix = "Matching.Training.Catalog.Vocabulary.";

    public const string ConceptPrefix = "vocab:";

    public static CuratedVocabulary Embedded()
    {
        var assembly = typeof(CuratedVocabulary).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".tsv", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (Name: n[ResourcePrefix.Length..], Text: reader.ReadToEnd());
            })
            .ToList();
        return Parse(files);
    }

    /// <summary>Reads vocabulary files by name: <c>aliases*.tsv</c>, <c>concepts*.tsv</c>, <c>implies*.tsv</c>, <c>ambiguous*.tsv</c>.</summary>
    public static CuratedVocabulary Parse(IEnumerable<(string Name, string Text)> files)
    {
        var names = new List<CuratedName>();
        var concepts = new List<CuratedConcept>();
        var implications = new List<CuratedImplication>();
        var ambiguities = new List<CuratedAmbiguity>();
        foreach (var (file, text) in files)
        {
            var rows = Rows(file, text);
            if (file.StartsWith("aliases", StringComparison.Ordinal))
            {
                names.AddRange(rows.Select(r => new CuratedName(r.Field(0), r.Field(1), r.Kind(2), r.Where)));
            }
            else if (file.StartsWith("concepts", StringComparison.Ordinal))
            {
                concepts.AddRange(rows.Select(r => new CuratedConcept(r.Field(0), r.List(1), r.Where)));
            }
            else if (file.StartsWith("implies", StringComparison.Ordinal))
            {
                implications.AddRange(rows.Select(r => new CuratedImplication(r.Field(0), r.Field(1), r.Credit(2), r.Where)));
            }
            else if (file.StartsWith("ambiguous", StringComparison.Ordinal))
            {
                foreach (var name in rows.GroupBy(r => SkillKeys.NormaliseKey(r.Field(0))))
                {
                    var first = name.First();
                    ambiguities.Add(new CuratedAmbiguity(first.Field(0), [.. name.Select(r => new CuratedSense(r.Field(1), r.List(2)))], first.Where));
                }
            }
            else
            {
                throw new InvalidDataException($"Vocabulary file {file} is not aliases*, concepts*, implies* or ambiguous*.");
            }
        }

        return new CuratedVocabulary(names, concepts, implications, ambiguities);
    }

    static List<Row> Rows(string file, string text)
    {
        var rows = new List<Row>();
        var number = 0;
        foreach (var line in text.Split('\n'))
        {
            number++;
            var trimmed = line.TrimEnd('\r');
            if (trimmed.Trim().Length == 0 || trimmed.TrimStart().StartsWith('#'))
            {
                continue;
            }

            rows.Add(new Row(trimmed.Split('\t').Select(f => f.Trim()).ToArray(), $"{file}:{number}"));
        }

        return rows;
    }

    readonly record struct Row(string[] Fields, string Where)
    {
        public string Field(int i) => i < Fields.Length && Fields[i].Length > 0
            ? Fields[i]
            : throw new InvalidDataException($"{Where}: column {i + 1} is missing.");

        public string[] List(int i) => i < Fields.Length
            ? Fields[i].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [];

        public CuratedNameKind Kind(int i) => i >= Fields.Length || Fields[i].Length == 0 ? CuratedNameKind.Alias : Fields[i] switch
        {
            "alias" => CuratedNameKind.Alias,
            "acronym" => CuratedNameKind.Acronym,
            "translation" => CuratedNameKind.Translation,
            var other => throw new InvalidDataException($"{Where}: kind '{other}' is not alias, acronym or translation."),
        };

        public float Credit(int i) => float.TryParse(Field(i), System.Globalization.CultureInfo.InvariantCulture, out var credit) && credit is > 0 and < 1
            ? credit
            : throw new InvalidDataException($"{Where}: credit '{Field(i)}' is not a number in (0, 1).");
    }
}
