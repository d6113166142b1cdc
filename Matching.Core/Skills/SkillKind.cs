namespace Matching.Core.Skills;

/// <summary>What a catalog concept is.</summary>
public enum SkillKind
{
    /// <summary>An ESCO knowledge concept, such as "C#" or "marketing principles".</summary>
    Knowledge,

    /// <summary>An ESCO skill or competence, such as "use spreadsheets software".</summary>
    SkillCompetence,

    /// <summary>An O*NET technology product that ESCO does not name, such as "Kubernetes".</summary>
    Technology,

    /// <summary>A grouping of concepts: an ESCO skill group or an O*NET commodity category.</summary>
    SkillGroup,
}
