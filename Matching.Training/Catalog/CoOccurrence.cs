using Matching.Core.Skills;

namespace Matching.Training.Catalog;

/// <summary>
/// Which concepts occupations list together: the Jaccard similarity of the sets of occupations that
/// list each concept, kept for pairs seen together often enough, best few per concept.
/// </summary>
internal static class CoOccurrence
{
    /// <summary>A pair must share at least this many occupations: one or two shared occupations are chance.</summary>
    public const int MinimumSupport = 3;

    /// <summary>Weaker similarities would earn under 0.04 credit, not worth storing.</summary>
    public const double MinimumSimilarity = 0.1;

    /// <summary>Pairs kept per concept; a pair stays when either end keeps it.</summary>
    public const int TopPerConcept = 10;

    /// <param name="occupations">For each occupation, the distinct concept ids it lists.</param>
    public static ScoredPairs Similar(IEnumerable<IReadOnlyCollection<int>> occupations)
    {
        var listings = new Dictionary<int, int>();
        var together = new Dictionary<(int, int), int>();
        foreach (var occupation in occupations)
        {
            var ids = occupation.Order().ToArray();
            for (var i = 0; i < ids.Length; i++)
            {
                listings[ids[i]] = listings.GetValueOrDefault(ids[i]) + 1;
                for (var j = i + 1; j < ids.Length; j++)
                {
                    together[(ids[i], ids[j])] = together.GetValueOrDefault((ids[i], ids[j])) + 1;
                }
            }
        }

        var candidates = new Dictionary<int, List<(int Other, double Similarity, int Support)>>();
        foreach (var ((a, b), support) in together)
        {
            if (support < MinimumSupport)
            {
                continue;
            }

            var similarity = (double)support / (listings[a] + listings[b] - support);
            if (similarity >= MinimumSimilarity)
            {
                Add(a, b);
                Add(b, a);
            }

            void Add(int concept, int other)
            {
                if (!candidates.TryGetValue(concept, out var list))
                {
                    candidates[concept] = list = [];
                }

                list.Add((other, similarity, support));
            }
        }

        var kept = new SortedDictionary<(int, int), double>();
        foreach (var (concept, list) in candidates)
        {
            var top = list
                .OrderByDescending(c => c.Similarity)
                .ThenByDescending(c => c.Support)
                .ThenBy(c => c.Other)
                .Take(TopPerConcept);
            foreach (var (other, similarity, _) in top)
            {
                kept[(Math.Min(concept, other), Math.Max(concept, other))] = similarity;
            }
        }

        return new ScoredPairs(
            kept.Keys.Select(k => k.Item1).ToArray(),
            kept.Keys.Select(k => k.Item2).ToArray(),
            kept.Values.Select(s => (int)Math.Round(s * 1000, MidpointRounding.AwayFromZero)).ToArray());
    }
}
