using Matching.Core.Skills;

namespace Matching.Training.Catalog;

/// <summary>
/// A heuristic, not an official mapping: pairs an ESCO occupation with the O*NET occupation whose title
/// shares the most rare words with one of the ESCO labels. Similarity is a Jaccard over title words
/// weighted by inverse document frequency across O*NET titles, so "developer" or "operator" count less
/// than "database" or "web"; below <see cref="MinimumScore"/> the occupation gets no O*NET match.
/// </summary>
internal sealed class OccupationCrosswalk
{
    /// <summary>At 0.6 a sample of matches read right; at 0.5 "legislative drafter" already met "Survey Researchers".</summary>
    public const double MinimumScore = 0.6;

    static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "all", "an", "and", "at", "by", "classified", "elsewhere", "except", "for", "in",
        "including", "not", "of", "on", "or", "other", "the", "to", "with",
    };

    readonly string[] codes;
    readonly HashSet<string>[] titles;
    readonly Dictionary<string, List<int>> titlesByWord = new(StringComparer.Ordinal);
    readonly Dictionary<string, double> rarity = new(StringComparer.Ordinal);

    /// <param name="onetTitles">O*NET occupations that may be matched, in a fixed order: ties go to the first.</param>
    public OccupationCrosswalk(IReadOnlyList<(string Code, string Title)> onetTitles)
    {
        codes = onetTitles.Select(t => t.Code).ToArray();
        titles = onetTitles.Select(t => Words(t.Title)).ToArray();
        for (var i = 0; i < titles.Length; i++)
        {
            foreach (var word in titles[i])
            {
                if (!titlesByWord.TryGetValue(word, out var list))
                {
                    titlesByWord[word] = list = [];
                }

                list.Add(i);
            }
        }

        foreach (var (word, list) in titlesByWord)
        {
            rarity[word] = Math.Log((titles.Length + 1.0) / (list.Count + 1.0)) + 1;
        }
    }

    /// <summary>The code of the best-matching O*NET occupation for any of the labels, or null when none scores enough.</summary>
    public string? Match(IEnumerable<string> escoLabels)
    {
        var bestScore = 0.0;
        var best = -1;
        foreach (var label in escoLabels)
        {
            var words = Words(label);
            var candidates = new SortedSet<int>(words.Where(titlesByWord.ContainsKey).SelectMany(w => titlesByWord[w]));
            foreach (var candidate in candidates)
            {
                var score = Score(words, titles[candidate]);
                if (score > bestScore)
                {
                    (bestScore, best) = (score, candidate);
                }
            }
        }

        return bestScore >= MinimumScore ? codes[best] : null;
    }

    double Score(HashSet<string> label, HashSet<string> title)
    {
        double shared = 0, all = 0;
        foreach (var word in label.Union(title))
        {
            var weight = Rarity(word);
            all += weight;
            if (label.Contains(word) && title.Contains(word))
            {
                shared += weight;
            }
        }

        return shared / all;
    }

    /// <summary>Words no O*NET title uses weigh most: they can only count against a match.</summary>
    double Rarity(string word) => rarity.TryGetValue(word, out var value) ? value : Math.Log(titles.Length + 1.0) + 1;

    internal static HashSet<string> Words(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                start = start < 0 ? i : start;
                continue;
            }

            if (start >= 0)
            {
                var word = text[start..i].ToLowerInvariant().ToCharArray();
                var singular = new string(word, 0, SkillKeys.Singularise(word));
                if (!StopWords.Contains(singular))
                {
                    words.Add(singular);
                }

                start = -1;
            }
        }

        return words;
    }
}
