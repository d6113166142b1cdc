using Matching.Core.Skills;

namespace Matching.Training.Generation;

/// <summary>
/// The synthetic organisation: a few departments, each a seed ESCO occupation and the occupations
/// closest to it by shared essential skills, and the cities it works from.
/// </summary>
sealed class Organisation
{
    /// <summary>Departments of a knowledge-work organisation; a label the catalog lacks is replaced by a random occupation.</summary>
    static readonly string[] SeedOccupations =
    [
        "software developer", "data scientist", "ICT project manager", "financial analyst", "marketing manager", "human resources manager",
    ];

    const int OccupationsPerDepartment = 8;
    const int MinEssentialSkills = 8;

    public static readonly (string City, string[] Languages)[] Cities =
    [
        ("Paris", ["fr"]), ("Lyon", ["fr"]), ("Berlin", ["de"]), ("Munich", ["de"]), ("Madrid", ["es"]), ("Barcelona", ["es", "ca"]),
        ("Milan", ["it"]), ("Amsterdam", ["nl"]), ("Brussels", ["fr", "nl"]), ("Warsaw", ["pl"]), ("Lisbon", ["pt"]), ("Dublin", ["en"]),
    ];

    Organisation(SkillCatalog catalog, CatalogOccupation[] occupations, int[][] related)
    {
        Catalog = catalog;
        Occupations = occupations;
        Related = related;
    }

    public SkillCatalog Catalog { get; }

    public CatalogOccupation[] Occupations { get; }

    /// <summary>For each occupation, the others by decreasing share of essential skills.</summary>
    public int[][] Related { get; }

    public static Organisation Create(SkillCatalog catalog, Random random)
    {
        var all = catalog.Occupations.Where(o => o.Essential.Length >= MinEssentialSkills).ToArray();
        if (all.Length == 0)
        {
            throw new InvalidOperationException("The catalog has no occupations to build an organisation from.");
        }

        var chosen = new List<CatalogOccupation>();
        foreach (var label in SeedOccupations)
        {
            var seed = all.FirstOrDefault(o => string.Equals(o.Label, label, StringComparison.OrdinalIgnoreCase)) ?? all[random.Next(all.Length)];
            foreach (var occupation in all.OrderByDescending(o => Overlap(seed, o)).ThenBy(o => o.Key, StringComparer.Ordinal).Take(OccupationsPerDepartment))
            {
                if (!chosen.Contains(occupation))
                {
                    chosen.Add(occupation);
                }
            }
        }

        var occupations = chosen.ToArray();
        var related = occupations
            .Select(a => Enumerable.Range(0, occupations.Length)
                .Where(j => occupations[j] != a)
                .OrderByDescending(j => Overlap(a, occupations[j])).ThenBy(j => j)
                .ToArray())
            .ToArray();
        return new Organisation(catalog, occupations, related);
    }

    static double Overlap(CatalogOccupation a, CatalogOccupation b)
    {
        var shared = a.Essential.Intersect(b.Essential).Count();
        return (double)shared / (a.Essential.Length + b.Essential.Length - shared);
    }
}
