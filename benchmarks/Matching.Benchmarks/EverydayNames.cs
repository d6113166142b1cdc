using Matching.Core.Contracts;
using Matching.Core.Skills;
using Matching.Training.Catalog;

namespace Matching.Benchmarks;

/// <summary>
/// Rewrites a generated request's candidate skill names the way HR systems write them: 30% become names the
/// catalog does not know (in-house tools, local course titles; a pool of 3,000, so a 10,000-candidate
/// request carries a few thousand distinct ones), 25% an everyday spelling of the same skill (a curated
/// alias, acronym or French name when the vocabulary has one, else a typo, else lower case), the rest stay.
/// </summary>
static class EverydayNames
{
    static readonly string[] Words = ["Acme", "Orion", "Helios", "Atlas", "Nova", "Vega", "Zephyr", "Kappa", "Lumen", "Quartz"];
    static readonly string[] Things = ["Billing", "Ledger", "Portal", "Data Lake", "Workflow", "CRM", "Scheduler", "Gateway", "Toolkit", "Studio"];

    /// <summary>The request as the benchmark arguments want it: everyday names unless --labels, descriptions unless --no-descriptions.</summary>
    public static MatchRequest Prepare(MatchRequest request, SkillCatalog catalog, int seed, string[] args)
    {
        var prepared = args.Contains("--labels") ? request : Apply(request, catalog, seed);
        return args.Contains("--no-descriptions")
            ? prepared with { Candidates = [.. prepared.Candidates!.Select(c => c with { Experiences = c.Experiences?.Select(e => e with { Description = null }).ToList() })] }
            : prepared;
    }

    public static string Describe(string[] args) =>
        (args.Contains("--labels") ? "Names: catalog labels" : "Names: everyday (30% unknown to the catalog, 25% aliases, acronyms, French names or typos; --labels for catalog labels)")
        + (args.Contains("--no-descriptions") ? "; no experience descriptions" : "; 60% of experiences described in prose (--no-descriptions to drop them)");

    public static MatchRequest Apply(MatchRequest request, SkillCatalog catalog, int seed)
    {
        var spellings = CuratedVocabulary.Embedded().Names
            .Select(n => (Concept: catalog.Read(n.Target).ConceptId, n.Name))
            .Where(n => n.Concept >= 0)
            .GroupBy(n => n.Concept)
            .ToDictionary(g => g.Key, g => g.Select(n => n.Name).ToArray());
        var random = new Random(seed);
        var memo = new Dictionary<string, string>(StringComparer.Ordinal);

        string Rewrite(string name)
        {
            var roll = random.NextDouble();
            if (roll < 0.30)
            {
                return $"{Words[random.Next(Words.Length)]} {Things[random.Next(Things.Length)]} {random.Next(30)}";
            }

            if (roll >= 0.55)
            {
                return name;
            }

            if (!memo.TryGetValue(name, out var everyday))
            {
                var concept = catalog.Read(name).ConceptId;
                everyday = concept >= 0 && spellings.TryGetValue(concept, out var names) ? names[random.Next(names.Length)]
                    : name.Length >= 6 ? name[..2] + name[3] + name[2] + name[4..]
                    : name.ToLowerInvariant();
                memo[name] = everyday;
            }

            return everyday;
        }

        return request with
        {
            Candidates = [.. request.Candidates!.Select(c => c with
            {
                Skills = c.Skills?.Select(s => s with { Name = Rewrite(s.Name!) }).ToList(),
                Experiences = c.Experiences?.Select(e => e with { Skills = e.Skills?.Select(Rewrite).ToList() }).ToList(),
                Aspirations = c.Aspirations?.Select(Rewrite).ToList(),
            })],
        };
    }
}
