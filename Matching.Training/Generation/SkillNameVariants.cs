using System.Runtime.CompilerServices;
using System.Text;
using Matching.Core.Skills;
using Matching.Training.Catalog;

namespace Matching.Training.Generation;

/// <summary>
/// Other names people write for a skill, from the curated vocabulary (Skills/Vocabulary/aliases-*.tsv): each
/// alias, acronym and French form the catalog reads, exactly, as that concept. Built once per catalog.
/// </summary>
sealed class SkillNameVariants
{
    static readonly ConditionalWeakTable<SkillCatalog, SkillNameVariants> Cache = [];

    readonly Dictionary<int, string[]> byConcept;

    SkillNameVariants(SkillCatalog catalog)
    {
        var names = new Dictionary<int, List<string>>();
        foreach (var name in CuratedVocabulary.Embedded().Names)
        {
            var match = catalog.Read(name.Name);
            if (match is { Found: true, IsAmbiguous: false, How: SkillReading.Alias or SkillReading.Acronym or SkillReading.Translation or SkillReading.Label }
                && SkillKeys.NormaliseKey(name.Name) != SkillKeys.NormaliseKey(catalog.Label(match.ConceptId)))
            {
                if (!names.TryGetValue(match.ConceptId, out var list))
                {
                    names[match.ConceptId] = list = [];
                }

                if (!list.Contains(name.Name, StringComparer.Ordinal))
                {
                    list.Add(name.Name);
                }
            }
        }

        byConcept = names.ToDictionary(p => p.Key, p => p.Value.ToArray());
    }

    public static SkillNameVariants For(SkillCatalog catalog) => Cache.GetValue(catalog, c => new SkillNameVariants(c));

    /// <summary>Concepts with at least one curated name besides their label.</summary>
    public int Concepts => byConcept.Count;

    /// <summary>Curated names of the concept other than its label, in vocabulary order; empty when none (or for an in-house tool).</summary>
    public IReadOnlyList<string> Aliases(int conceptId) => byConcept.TryGetValue(conceptId, out var names) ? names : [];

    const string Keyboard = "qwertyuiop|asdfghjkl|zxcvbnm";

    /// <summary>
    /// The name with one slip of the keyboard in one of its words of five letters or more (not the first letter):
    /// two letters swapped, one dropped, one doubled, or one replaced by a neighbouring key. Unchanged when no word is long enough.
    /// </summary>
    public static string Typo(Random random, string name)
    {
        var words = new List<(int Start, int Length)>();
        for (var i = 0; i < name.Length;)
        {
            if (!char.IsLetter(name[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < name.Length && char.IsLetter(name[i]))
            {
                i++;
            }

            if (i - start >= 5)
            {
                words.Add((start, i - start));
            }
        }

        if (words.Count == 0)
        {
            return name;
        }

        var (wordStart, length) = random.Pick(words);
        var at = wordStart + 1 + random.Next(length - 2);
        var text = new StringBuilder(name);
        switch (random.Next(4))
        {
            case 0:
                (text[at], text[at + 1]) = (text[at + 1], text[at]);
                break;
            case 1:
                text.Remove(at, 1);
                break;
            case 2:
                text.Insert(at, text[at]);
                break;
            default:
                text[at] = Neighbour(random, text[at]);
                break;
        }

        return text.ToString();
    }

    static char Neighbour(Random random, char letter)
    {
        var lower = char.ToLowerInvariant(letter);
        var at = Keyboard.IndexOf(lower, StringComparison.Ordinal);
        if (at < 0)
        {
            return letter;
        }

        var choices = new List<char>(2);
        if (at > 0 && Keyboard[at - 1] != '|')
        {
            choices.Add(Keyboard[at - 1]);
        }

        if (at + 1 < Keyboard.Length && Keyboard[at + 1] != '|')
        {
            choices.Add(Keyboard[at + 1]);
        }

        var replacement = random.Pick(choices);
        return char.IsUpper(letter) ? char.ToUpperInvariant(replacement) : replacement;
    }
}
