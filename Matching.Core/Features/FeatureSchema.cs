using System.Collections.Immutable;

namespace Matching.Core.Features;

/// <summary>The five factors an explanation reports; every feature belongs to exactly one.</summary>
public enum Factor
{
    Skills,
    Experience,
    Availability,
    Aspirations,
    Context,
}

/// <param name="Monotone">+1: the score may only rise with the value; -1: only fall; 0: free.</param>
public sealed record FeatureDefinition(string Name, Factor Factor, int Monotone, string Description);

/// <summary>
/// Names, order and meaning of the model's inputs. Stored in every model card; a model whose schema
/// differs from this one is refused. Change a feature's meaning → bump <see cref="Version"/>.
/// </summary>
public static class FeatureSchema
{
    public const string Name = "matching-features";

    public const int Version = 2;

    public const int SkillCoverage = 0;
    public const int SkillCoverageWithAdjacent = 1;
    public const int AdjacentCredit = 2;
    public const int MandatoryGap = 3;
    public const int SkillRecency = 4;
    public const int SkillYears = 5;
    public const int RelatedExperience = 6;
    public const int RelatedExperienceYears = 7;
    public const int RelatedExperienceRating = 8;
    public const int MonthsSinceRelatedExperience = 9;
    public const int AvailabilityCoverage = 10;
    public const int AvailabilityUnknown = 11;
    public const int ActiveMissions = 12;
    public const int AspirationMatch = 13;
    public const int LocationFit = 14;
    public const int LanguageFit = 15;
    public const int DescribedSkillCoverage = 16;

    public static ImmutableArray<FeatureDefinition> Features { get; } =
    [
        new("skill_coverage", Factor.Skills, +1,
            "Weighted share of required skills held directly (declared or used in an experience), each scaled by min(1, level held / level wanted)."),
        new("skill_coverage_with_adjacent", Factor.Skills, +1,
            "As skill_coverage, but a required skill not held counts with the best adjacency credit of a related skill held."),
        new("adjacent_credit", Factor.Skills, +1,
            "Weighted mean over required skills of the best credit from related skills the candidate holds (breadth around the need)."),
        new("mandatory_gap", Factor.Skills, -1,
            "Mean over mandatory skills of 1 - min(1, level held / level wanted); 0 when the mission has none."),
        new("skill_recency", Factor.Skills, +1,
            "Weighted coverage where each held required skill counts exp(-years since last used / 3) as of the mission start (0.5 when unknown)."),
        new("skill_years", Factor.Skills, +1,
            "Weighted coverage where each held required skill counts min(years of practice, 10) / 10."),
        new("related_experience", Factor.Experience, +1,
            "Sum over past experiences of the weighted share of required skills each used, capped at 10."),
        new("related_experience_years", Factor.Experience, +1,
            "Sum over past experiences of that share times the experience's duration in years, capped at 20."),
        new("related_experience_rating", Factor.Experience, +1,
            "Share-weighted mean rating (1-5) of rated related experiences; missing when none is rated."),
        new("months_since_related_experience", Factor.Experience, -1,
            "Months from the end of the latest related experience to the mission start (0 if ongoing); missing when none."),
        new("availability_coverage", Factor.Availability, +1,
            "Share of the mission's days on which the candidate is free for the requested capacity (partial days count free/requested); 1 when unknown."),
        new("availability_unknown", Factor.Availability, -1,
            "1 when the candidate sent no availability, so availability_coverage was assumed; never raises a score, so missing data is not rewarded."),
        new("active_missions", Factor.Availability, -1,
            "Missions the candidate is currently staffed on."),
        new("aspiration_match", Factor.Aspirations, +1,
            "Weighted share of required skills the candidate wants to grow into (an aspiration adjacent to a required skill counts with its credit)."),
        new("location_fit", Factor.Context, +1,
            "1 when the mission is remote, has no location, or shares the candidate's location; 0 when they differ; missing when the candidate's is unknown."),
        new("language_fit", Factor.Context, +1,
            "Share of the mission's languages the candidate speaks; 1 when the mission names none; missing when the candidate's are unknown."),
        new("described_skill_coverage", Factor.Experience, +1,
            "Weighted share of required skills named in the descriptions of the candidate's experiences (free text read by the skills extractor)."),
    ];

    public static int Count => Features.Length;

    public static ImmutableArray<string> Names { get; } = [.. Features.Select(f => f.Name)];

    /// <summary>Factor index of each feature, in feature order.</summary>
    public static int[] FactorOfFeature() => [.. Features.Select(f => (int)f.Factor)];

    /// <summary>XGBoost <c>monotone_constraints</c>: "(1,1,1,-1,...)".</summary>
    public static string MonotoneConstraints => $"({string.Join(',', Features.Select(f => f.Monotone))})";

    /// <summary>
    /// XGBoost <c>interaction_constraints</c>: one set per factor, so every tree uses the features of
    /// one factor only. The model is then additive over factors and each factor's contribution is exact.
    /// </summary>
    public static string InteractionConstraints =>
        "[" + string.Join(',', Enum.GetValues<Factor>().Select(factor =>
            "[" + string.Join(',', Features.Select((f, i) => (f, i)).Where(x => x.f.Factor == factor).Select(x => x.i)) + "]")) + "]";

    /// <summary>A one-line identity of this schema, e.g. for logs and the model card.</summary>
    public static string Id => $"{Name}/v{Version}";
}
