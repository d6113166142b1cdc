namespace Matching.Core.Skills;

/// <summary>
/// The partial credit a candidate earns for holding a neighbour of a required concept, and the caps on
/// neighbourhoods. The only place these numbers live; docs/skills-catalog.md explains them.
/// </summary>
internal static class AdjacencyWeights
{
    /// <summary>Holding a specific instance (PostgreSQL) is strong evidence of the general skill (database management systems).</summary>
    public const float Narrower = 0.6f;

    /// <summary>Holding only the general skill says less about one specific instance of it than the reverse.</summary>
    public const float Broader = 0.4f;

    /// <summary>ESCO's curators say one cannot be exercised without the other: as strong as a general skill, short of a specific one.</summary>
    public const float RelatedEssential = 0.5f;

    /// <summary>ESCO's "optional" link is a weaker statement of the same kind.</summary>
    public const float RelatedOptional = 0.35f;

    /// <summary>Two children of one small parent are alternatives (two SQL databases): transferable, yet not the same thing.</summary>
    public const float Sibling = 0.3f;

    /// <summary>Credit for co-occurrence is this times the Jaccard similarity of the occupation sets: evidence from usage, not from definitions.</summary>
    public const float CoOccurringMax = 0.4f;

    /// <summary>Above this many children a parent is a filing category ("software and applications development and analysis"), so its children are not siblings.</summary>
    public const int MaxSiblingFamily = 40;

    /// <summary>Neighbours kept per concept, best credit first.</summary>
    public const int MaxNeighbours = 24;
}
