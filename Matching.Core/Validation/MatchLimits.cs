using System.ComponentModel.DataAnnotations;

namespace Matching.Core.Validation;

/// <summary>
/// Bounds on what one request may carry, so no client can make the service fall over. The service reads them from
/// its "Matching" configuration section (Matching:MaxCandidates and so on), checked against the ranges at start-up.
/// </summary>
public sealed record MatchLimits
{
    [Range(1, 100_000)]
    public int MaxCandidates { get; init; } = 10_000;

    /// <summary>Per list: mission skills, a candidate's skills, an experience's skills, aspirations.</summary>
    [Range(1, 10_000)]
    public int MaxSkills { get; init; } = 100;

    [Range(1, 10_000)]
    public int MaxExperiences { get; init; } = 100;

    [Range(1, 10_000)]
    public int MaxAvailabilityWindows { get; init; } = 100;

    /// <summary>Longest id, name, title or place, in characters.</summary>
    [Range(16, 10_000)]
    public int MaxTextLength { get; init; } = 200;

    /// <summary>Characters in a mission's or an experience's description.</summary>
    [Range(200, 1_000_000)]
    public int MaxDescriptionLength { get; init; } = 10_000;

    public static MatchLimits Default { get; } = new();
}
