using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static Matching.Core.Skills.SkillKeys;

namespace Matching.Core.Skills;

/// <summary>Which kind of name a key came from; when names collide, the lower rank wins.</summary>
internal enum NameRank
{
    Curated,
    Preferred,
    Alternative,
    Hidden,
    French,
    Unqualified,
    Singular,
}

/// <summary>A key's concept and how it names it; for <see cref="SkillReading.Ambiguous"/>, <see cref="Id"/> is the ambiguity's index.</summary>
internal readonly record struct NameEntry(int Id, SkillReading How);

internal readonly record struct NameClaim(int Concept, NameRank Rank, SkillReading How, bool Ambiguous);

/// <summary>The catalog's names by key: which concept each key reads as.</summary>
internal static class NameLookup
{
    /// <summary>
    /// Maps every key to one concept. A key several concepts claim goes to the best-ranked name; between
    /// real labels of equal rank, to a skill before a group, then to the concept more occupations list, then
    /// to the lower id. A derived name (qualifier dropped, or singular) that names two concepts is dropped.
    /// The curated ambiguous names claim their keys last, over everything.
    /// </summary>
    public static Dictionary<string, NameEntry> Build(CatalogDocument document)
    {
        var concepts = document.Concepts;
        var claims = new Dictionary<string, NameClaim>(concepts.Keys.Length * 8, StringComparer.Ordinal);
        for (var id = 0; id < concepts.Labels.Length; id++)
        {
            ClaimName(claims, concepts, concepts.Labels[id], id, NameRank.Preferred, SkillReading.Label);
        }

        ClaimNames(claims, concepts, document.AltLabels, NameRank.Alternative, SkillReading.Alias);
        ClaimNames(claims, concepts, document.HiddenLabels, NameRank.Hidden, SkillReading.Alias);
        ClaimNames(claims, concepts, document.FrenchLabels, NameRank.French, SkillReading.Translation);
        ClaimNames(claims, concepts, document.CuratedAliases, NameRank.Curated, SkillReading.Alias);
        ClaimNames(claims, concepts, document.CuratedAcronyms, NameRank.Curated, SkillReading.Acronym);
        ClaimNames(claims, concepts, document.CuratedTranslations, NameRank.Curated, SkillReading.Translation);

        var lookup = new Dictionary<string, NameEntry>(claims.Count, StringComparer.Ordinal);
        foreach (var (key, claim) in claims)
        {
            if (!claim.Ambiguous)
            {
                lookup.Add(key, new NameEntry(claim.Concept, claim.How));
            }
        }

        for (var i = 0; i < document.Ambiguities.Length; i++)
        {
            var key = NormaliseKey(document.Ambiguities[i].Name);
            if (key.Length > 0)
            {
                lookup[key] = new NameEntry(i, SkillReading.Ambiguous);
            }
        }

        return lookup;
    }

    static void ClaimNames(Dictionary<string, NameClaim> claims, CatalogConcepts concepts, ConceptNames names, NameRank rank, SkillReading how)
    {
        for (var i = 0; i < names.Names.Length; i++)
        {
            ClaimName(claims, concepts, names.Names[i], names.Concepts[i], rank, how);
        }
    }

    static void ClaimName(Dictionary<string, NameClaim> claims, CatalogConcepts concepts, string name, int id, NameRank rank, SkillReading how)
    {
        ClaimKey(claims, concepts, name, id, rank, how);
        if (Unqualified(name) is { } unqualified)
        {
            ClaimKey(claims, concepts, unqualified, id, NameRank.Unqualified, SkillReading.Variant);
        }
    }

    // Runs for every name at start-up: compiled optimised at once rather than tiered up mid-load.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void ClaimKey(Dictionary<string, NameClaim> claims, CatalogConcepts concepts, string name, int id, NameRank rank, SkillReading how)
    {
        Span<char> key = stackalloc char[MaxKeyLength];
        if (!TryNormaliseKey(name, key, out var length) || length == 0)
        {
            return;
        }

        Claim(claims, concepts, new string(key[..length]), new NameClaim(id, rank, how, false));
        var singular = Singularise(key[..length]);
        if (singular != length)
        {
            Claim(claims, concepts, new string(key[..singular]), new NameClaim(id, NameRank.Singular, SkillReading.Variant, false));
        }
    }

    static void Claim(Dictionary<string, NameClaim> claims, CatalogConcepts concepts, string key, NameClaim claim)
    {
        ref var held = ref CollectionsMarshal.GetValueRefOrAddDefault(claims, key, out var exists);
        if (exists && claim.Concept == held.Concept)
        {
            // A curated alias that is also the concept's own preferred label still reads as its label.
            var isLabel = claim.Rank == NameRank.Preferred || held.How == SkillReading.Label;
            held = claim.Rank < held.Rank ? claim : held;
            held = isLabel ? held with { How = SkillReading.Label } : held;
        }
        else if (!exists || claim.Rank < held.Rank)
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
