using System.Text.Json.Serialization;

namespace Matching.Core.Skills;

/// <summary>
/// The catalog file as stored, as parallel arrays so it loads fast. Concepts are sorted by key, so a
/// concept id is an index into <see cref="Concepts"/> and stays the same for one catalog version only.
/// </summary>
internal sealed record CatalogDocument(
    int Format,
    SkillCatalogSummary Summary,
    CatalogConcepts Concepts,
    ConceptNames AltLabels,
    ConceptNames HiddenLabels,
    ConceptNames CuratedAliases,
    ConceptNames CuratedAcronyms,
    ConceptNames CuratedTranslations,
    ConceptNames FrenchLabels,
    ConceptPairs Broader,
    ConceptPairs EssentialRelated,
    ConceptPairs OptionalRelated,
    ScoredPairs EscoCoOccurrence,
    ScoredPairs OnetCoOccurrence,
    CreditedPairs Implies,
    CatalogAmbiguity[] Ambiguities,
    CatalogOccupation[] Occupations)
{
    public const int CurrentFormat = 2;
}

/// <summary>
/// Every concept's stable key, preferred label and kind. <see cref="OccupationLinks"/> counts the ESCO
/// and O*NET occupations that list it, to break ties between concepts that share a name.
/// </summary>
internal sealed record CatalogConcepts(string[] Keys, string[] Labels, SkillKind[] Kinds, int[] OccupationLinks);

/// <summary>Further names of concepts: <c>Names[i]</c> is a name of concept <c>Concepts[i]</c>.</summary>
internal sealed record ConceptNames(int[] Concepts, string[] Names);

/// <summary>Edges between concept ids: <c>From[i]</c> to <c>To[i]</c>. For <c>Broader</c>, From is the narrower concept.</summary>
internal sealed record ConceptPairs(int[] From, int[] To);

/// <summary>Undirected weighted edges, the weight a Jaccard similarity in thousandths so the file stays byte-stable.</summary>
internal sealed record ScoredPairs(int[] First, int[] Second, int[] SimilarityPerMille);

/// <summary>Holding <c>From[i]</c> (a product) earns <c>CreditPerMille[i]</c> thousandths of credit for <c>To[i]</c> (a skill it implies).</summary>
internal sealed record CreditedPairs(int[] From, int[] To, int[] CreditPerMille);

/// <summary>A name with several senses, the first read when context cannot decide; <c>Cues[i]</c> are names that point to <c>Senses[i]</c>.</summary>
internal sealed record CatalogAmbiguity(string Name, int[] Senses, string[][] Cues);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(CatalogDocument))]
internal sealed partial class CatalogJson : JsonSerializerContext;
