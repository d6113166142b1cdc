namespace Matching.Core.Skills;

/// <summary>A concept that earns partial credit for a required one, through its best relation.</summary>
public readonly record struct SkillNeighbour(int ConceptId, SkillRelation Relation, float Credit);
