namespace Matching.Core.Skills;

/// <summary>How a concept a candidate holds relates to the concept a mission requires.</summary>
public enum SkillRelation
{
    /// <summary>The held concept is narrower than the required one: holds "PostgreSQL", mission asks for "database management systems".</summary>
    Narrower,

    /// <summary>The held concept is broader than the required one: holds "computer programming", mission asks for "C#".</summary>
    Broader,

    /// <summary>Both sit directly under the same small parent, such as two languages under "computer programming".</summary>
    Sibling,

    /// <summary>ESCO says one of the two is essential to the other.</summary>
    RelatedEssential,

    /// <summary>ESCO says one of the two is optional for the other.</summary>
    RelatedOptional,

    /// <summary>The two are listed for the same occupations (ESCO essential skills or O*NET technologies).</summary>
    CoOccurring,

    /// <summary>The held product implies the required skill (a curated table): holds "PostgreSQL", mission asks for "SQL".</summary>
    Implies,
}
