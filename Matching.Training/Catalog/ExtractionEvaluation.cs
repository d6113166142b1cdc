using Matching.Core.Skills;
using System.Text.Json;

namespace Matching.Training.Catalog;

/// <summary>One sentence of the labelled extraction sample, with the concepts a person tagged in it.</summary>
public sealed record LabelledSentence(string Id, string Language, string Kind, string Text, IReadOnlyList<LabelledSkill> Skills, string? Note);

/// <summary>A tagged concept: its key ("new:name" when the catalog had none when it was labelled), label and the words.</summary>
public sealed record LabelledSkill(string Key, string Label, string Surface);

/// <summary>Precision and recall of extraction over some sentences, counted per (sentence, concept).</summary>
public sealed record ExtractionScore(string Part, int Sentences, int Labelled, int Found, int Correct)
{
    public double Precision => Found == 0 ? 0 : (double)Correct / Found;

    public double Recall => Labelled == 0 ? 0 : (double)Correct / Labelled;
}

/// <summary>
/// Measures <see cref="SkillCatalog.Extract"/> against the committed, hand-labelled sample
/// (Matching.Tests/Skills/Data/extraction-sample.jsonl). Sentences with an odd number are the development half
/// (read while tuning the extractor), even ones the test half. A "new:name" label counts as the curated
/// concept "vocab:" + its key when the catalog has one, else as a concept no extractor here can find.
/// </summary>
public static class ExtractionEvaluation
{
    static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static List<LabelledSentence> Read(string path) =>
        [.. File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l => JsonSerializer.Deserialize<LabelledSentence>(l, Options)!)];

    public static bool IsDevelopment(LabelledSentence sentence) =>
        int.TryParse(sentence.Id[(sentence.Id.LastIndexOf('-') + 1)..], out var number) && number % 2 == 1;

    /// <summary>Scores for the development half, the test half, each language of the test half, and the whole.</summary>
    public static List<ExtractionScore> Score(SkillCatalog catalog, IReadOnlyList<LabelledSentence> sample, Action<LabelledSentence, IReadOnlyCollection<string>, IReadOnlyCollection<string>>? misses = null)
    {
        var keys = Enumerable.Range(0, catalog.ConceptCount).ToDictionary(catalog.ConceptKey, StringComparer.Ordinal);
        var results = sample.Select(s =>
        {
            var expected = s.Skills.Select(l => GoldKey(l.Key)).ToHashSet(StringComparer.Ordinal);
            var found = catalog.Extract(s.Text, s.Language).Select(e => catalog.ConceptKey(e.ConceptId)).ToHashSet(StringComparer.Ordinal);
            if (misses is not null && !expected.SetEquals(found))
            {
                misses(s, [.. found.Except(expected)], [.. expected.Except(found)]);
            }

            return (Sentence: s, Labelled: expected.Count, Found: found.Count, Correct: found.Intersect(expected).Count());
        }).ToList();

        ExtractionScore Sum(string part, Func<LabelledSentence, bool> which)
        {
            var chosen = results.Where(r => which(r.Sentence)).ToList();
            return new ExtractionScore(part, chosen.Count, chosen.Sum(r => r.Labelled), chosen.Sum(r => r.Found), chosen.Sum(r => r.Correct));
        }

        return
        [
            Sum("development half", IsDevelopment),
            Sum("test half", s => !IsDevelopment(s)),
            Sum("test half, English", s => !IsDevelopment(s) && s.Language == "en"),
            Sum("test half, French", s => !IsDevelopment(s) && s.Language == "fr"),
            Sum("all", _ => true),
        ];

        string GoldKey(string key) =>
            key.StartsWith("new:", StringComparison.Ordinal) && keys.ContainsKey(CuratedVocabulary.ConceptPrefix + SkillKeys.NormaliseKey(key.AsSpan(4)))
                ? CuratedVocabulary.ConceptPrefix + SkillKeys.NormaliseKey(key.AsSpan(4))
                : key;
    }
}
