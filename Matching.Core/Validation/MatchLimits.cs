namespace Matching.Core.Validation;

/// <summary>Bounds on what one request may carry, so no client can make the service fall over.</summary>
public sealed record MatchLimits
{
    public int MaxCandidates { get; init; } = 10_000;

    /// <summary>Per list: mission skills, a candidate's skills, an experience's skills, aspirations.</summary>
    public int MaxSkills { get; init; } = 100;

    public int MaxExperiences { get; init; } = 100;

    public int MaxAvailabilityWindows { get; init; } = 100;

    public int MaxTextLength { get; init; } = 200;

    /// <summary>Characters in a mission's or an experience's description.</summary>
    public int MaxDescriptionLength { get; init; } = 10_000;

    public static MatchLimits Default { get; } = new();
}
