using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Matching.Core.Skills;

public sealed partial class SkillCatalog
{
    /// <summary>Which kind of name a key came from; when names collide, the lower rank wins.</summary>
    enum NameRank
    {
        Curated,
        Preferred,
        Alternative,
        Hidden,
        Unqualified,
        Singular,
    }

    readonly record struct NameClaim(int Concept, NameRank Rank, bool Ambiguous);

    /// <summary>
    /// Maps every key to one concept. A key several concepts claim goes to the best-ranked name; between
    /// real labels of equal rank, to a skill before a group, then to the concept more occupations list, then
    /// to the lower id. A derived name (qualifier dropped, or singular) that names two concepts is dropped.
    /// </summary>
    static Dictionary<string, int> BuildLookup(CatalogDocument document)
    {
        var concepts = document.Concepts;
        var claims = new Dictionary<string, NameClaim>(concepts.Keys.Length * 8, StringComparer.Ordinal);
        for (var id = 0; id < concepts.Labels.Length; id++)
        {
            ClaimName(claims, concepts, concepts.Labels[id], id, NameRank.Preferred);
        }

        ClaimNames(claims, concepts, document.AltLabels, NameRank.Alternative);
        ClaimNames(claims, concepts, document.HiddenLabels, NameRank.Hidden);
        ClaimNames(claims, concepts, document.CuratedAliases, NameRank.Curated);

        var lookup = new Dictionary<string, int>(claims.Count, StringComparer.Ordinal);
        foreach (var (key, claim) in claims)
        {
            if (!claim.Ambiguous)
            {
                lookup.Add(key, claim.Concept);
            }
        }

        return lookup;
    }

    static void ClaimNames(Dictionary<string, NameClaim> claims, CatalogConcepts concepts, ConceptNames names, NameRank rank)
    {
        for (var i = 0; i < names.Names.Length; i++)
        {
            ClaimName(claims, concepts, names.Names[i], names.Concepts[i], rank);
        }
    }

    static void ClaimName(Dictionary<string, NameClaim> claims, CatalogConcepts concepts, string name, int id, NameRank rank)
    {
        ClaimKey(claims, concepts, name, id, rank);
        if (Unqualified(name) is { } unqualified)
        {
            ClaimKey(claims, concepts, unqualified, id, NameRank.Unqualified);
        }
    }

    // Runs for every name at start-up: compiled optimised at once rather than tiered up mid-load.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void ClaimKey(Dictionary<string, NameClaim> claims, CatalogConcepts concepts, string name, int id, NameRank rank)
    {
        Span<char> key = stackalloc char[MaxKeyLength];
        if (!TryNormaliseKey(name, key, out var length) || length == 0)
        {
            return;
        }

        Claim(claims, concepts, new string(key[..length]), new NameClaim(id, rank, false));
        var singular = Singularise(key[..length]);
        if (singular != length)
        {
            Claim(claims, concepts, new string(key[..singular]), new NameClaim(id, NameRank.Singular, false));
        }
    }

    static void Claim(Dictionary<string, NameClaim> claims, CatalogConcepts concepts, string key, NameClaim claim)
    {
        ref var held = ref CollectionsMarshal.GetValueRefOrAddDefault(claims, key, out var exists);
        if (!exists || claim.Rank < held.Rank)
        {
            held = claim;
        }
        else if (claim.Rank == held.Rank && claim.Concept != held.Concept)
        {
            held = claim.Rank >= NameRank.Unqualified
                ? held with { Ambiguous = true }
                : Prefers(concepts, claim.Concept, held.Concept) ? claim : held;
        }
    }

    static bool Prefers(CatalogConcepts concepts, int a, int b)
    {
        var aIsGroup = concepts.Kinds[a] == SkillKind.SkillGroup;
        if (aIsGroup != (concepts.Kinds[b] == SkillKind.SkillGroup))
        {
            return !aIsGroup;
        }

        var aLinks = concepts.OccupationLinks[a];
        var bLinks = concepts.OccupationLinks[b];
        return aLinks != bLinks ? aLinks > bLinks : a < b;
    }
}
