using Matching.Core.Skills;

namespace Matching.Core.Features;

/// <summary>Where a held skill was seen; a skill can be seen in several places.</summary>
[Flags]
public enum SkillSource : byte
{
    None = 0,
    Declared = 1,
    Experience = 2,
    Description = 4,
}

/// <summary>
/// What a candidate brings to one mission, per required skill and overall: the raw material of the
/// features, of the exclusion rules and of the explanation, computed once.
/// </summary>
public sealed class CandidateEvidence
{
    // Per required skill, in three arrays rather than seven: a 10,000-candidate request makes one evidence each.
    readonly int requiredCount;
    readonly float[] reals;
    readonly int[] whole;
    readonly SkillRelation[] relations;
    readonly SkillSource[] sources;
    List<string>? exclusionCodes, exclusionReasons;

    internal CandidateEvidence(int requiredCount)
    {
        this.requiredCount = requiredCount;
        reals = new float[requiredCount * 4];
        whole = new int[requiredCount * 2];
        relations = new SkillRelation[requiredCount];
        sources = new SkillSource[requiredCount];
        AdjacentSkill.Fill(-1);
    }

    /// <summary>Level held directly per required skill (declared, or inferred from experience); 0 = not held.</summary>
    public Span<int> Level => whole.AsSpan(0, requiredCount);

    public Span<float> Years => reals.AsSpan(0, requiredCount);

    /// <summary>exp(-years since last used / 3) for the most recent use stated; 0.5 when no date is known.</summary>
    public Span<float> Recency => reals.AsSpan(requiredCount, requiredCount);

    /// <summary>Best credit from a related skill the candidate holds, level-adjusted.</summary>
    public Span<float> Adjacent => reals.AsSpan(requiredCount * 2, requiredCount);

    public Span<int> AdjacentSkill => whole.AsSpan(requiredCount, requiredCount);

    public Span<SkillRelation> AdjacentRelation => relations;

    /// <summary>Where each required skill held directly was seen: declared, used in an experience, named in an experience's description.</summary>
    public Span<SkillSource> Source => sources;

    public Span<float> Aspiration => reals.AsSpan(requiredCount * 3, requiredCount);

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

    public IReadOnlyList<string> ExclusionCodes => exclusionCodes ?? [];

    public IReadOnlyList<string> ExclusionReasons => exclusionReasons ?? [];

    public bool IsExcluded => exclusionCodes is not null;

    internal void Exclude(string code, string reason)
    {
        (exclusionCodes ??= []).Add(code);
        (exclusionReasons ??= []).Add(reason);
    }

    public static float LevelFactor(int held, int wanted) => held >= wanted ? 1f : (float)held / wanted;
}
