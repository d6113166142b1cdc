namespace Matching.Core.Skills;

/// <summary>
/// An ESCO occupation with the concept ids of its essential and optional skills, and of the O*NET
/// technologies attached to it by the heuristic title crosswalk (see docs/skills-catalog.md).
/// </summary>
public sealed record CatalogOccupation(string Key, string Label, int[] Essential, int[] Optional, int[] Technologies);
