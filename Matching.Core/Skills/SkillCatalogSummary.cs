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
    int VocabularyProblems,
    int FrenchLabels = 0,
    int CuratedNames = 0,
    int CuratedConcepts = 0,
    int Implications = 0,
    int AmbiguousNames = 0);
