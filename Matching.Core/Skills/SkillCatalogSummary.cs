namespace Matching.Core.Skills;

/// <summary>What a built catalog holds, as printed by <c>build-catalog</c> and stored in the file.</summary>
public sealed record SkillCatalogSummary(
    string Version,
    int Concepts,
    int EscoSkills,
    int SkillGroups,
    int Technologies,
    int ProductsMergedIntoEsco,
    int Labels,
    int BroaderEdges,
    int RelatedEdges,
    int CoOccurrenceEdges,
    int Occupations,
    int OccupationsWithTechnologies,
    int UnresolvedCuratedAliases);
