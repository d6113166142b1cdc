using Matching.Core.Skills;

namespace Matching.Core.Features;

/// <summary>
/// What a candidate brings to one mission, per required skill and overall: the raw material of the
/// features, of the exclusion rules and of the explanation, computed once.
/// </summary>
public sealed class CandidateEvidence
{
    internal CandidateEvidence(int requiredCount)
    {
        Level = new int[requiredCount];
        Years = new float[requiredCount];
        Recency = new float[requiredCount];
        Adjacent = new float[requiredCount];
        AdjacentSkill = new int[requiredCount];
        AdjacentRelation = new SkillRelation[requiredCount];
        Aspiration = new float[requiredCount];
        Array.Fill(AdjacentSkill, -1);
    }

    /// <summary>Level held directly per required skill (declared, or inferred from experience); 0 = not held.</summary>
    public int[] Level { get; }

    public float[] Years { get; }

    /// <summary>exp(-years since last used / 3) for the most recent use stated; 0.5 when no date is known.</summary>
    public float[] Recency { get; }

    /// <summary>Best credit from a related skill the candidate holds, level-adjusted.</summary>
    public float[] Adjacent { get; }

    public int[] AdjacentSkill { get; }

    public SkillRelation[] AdjacentRelation { get; }

    public float[] Aspiration { get; }

    public int RelatedExperiences { get; internal set; }

    public double? MeanRelatedRating { get; internal set; }

    public double AvailabilityCoverage { get; internal set; }

    public bool AvailabilityUnknown { get; internal set; }

    public bool LanguagesUnknown { get; internal set; }

    public bool LocationUnknown { get; internal set; }

    public int ActiveMissions { get; internal set; }

    /// <summary>The candidate's location, normalised, for the explanation.</summary>
    public string? Location { get; internal set; }

    /// <summary>The mission's languages the candidate speaks, for the explanation.</summary>
    public IReadOnlyList<string> SharedLanguages { get; internal set; } = [];

    public List<string> ExclusionCodes { get; } = [];

    public List<string> ExclusionReasons { get; } = [];

    public bool IsExcluded => ExclusionCodes.Count > 0;

    public static float LevelFactor(int held, int wanted) => held >= wanted ? 1f : (float)held / wanted;
}
