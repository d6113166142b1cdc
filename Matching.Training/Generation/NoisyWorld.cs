using Matching.Core.Skills;

namespace Matching.Training.Generation;

/// <summary>
/// A world with other weights and messier data. Skills count three fifths as the profile shows them and two
/// fifths as they truly are; load weighs heavily (the busiest are rarely proposed and often decline), aspirations
/// strongly, place little; some funnel rounds are decided at random (label noise); people write skill names with
/// curated aliases and acronyms, one-letter typos and lower case, and missions sometimes use an alias, so reading
/// names matters. Staffing teams read names as people do: "pyhton" shows Python. docs/synthetic-history.md,
/// "World: noisy", gives every number.
/// </summary>
sealed class NoisyWorld() : AdditiveWorld("noisy", Weights, Settings)
{
    static readonly FunnelSettings Settings = new() { ProposalNoise = 0.22, ShortlistNoise = 0.15, StaffNoise = 0.1, RandomProposal = 0.03, RandomShortlist = 0.08, RandomStaffing = 0.15 };

    static readonly AdditiveCoefficients Weights = new()
    {
        ShownShare = 0.6, ReadsNamesAsPeopleDo = true, Fit = 4.0, Recency = 0.4, TrackPerRelated = 0.2, TrackPerRatingPoint = 0.25,
        Availability = 1.8, BelowHalfFree = 1.2, Load = 0.7, Aspiration = 1.4, Elsewhere = 0.2, DeclineBase = -3.5, DeclinePerActive = 0.9, DeclinePerWant = 2.0,
    };

    /// <summary>
    /// A curated alias or acronym 30% of the time when the vocabulary has one; otherwise the label, without its
    /// qualifier 15% of the time when it has one. Then a one-letter typo 12% of the time, and lower case 20%,
    /// upper case 3%, doubled spaces 3%.
    /// </summary>
    internal override string WrittenName(Random random, SkillCatalog catalog, int skillId, string label)
    {
        var aliases = SkillNameVariants.For(catalog).Aliases(skillId);
        var name = aliases.Count > 0 && random.Chance(0.3) ? random.Pick(aliases)
            : random.Chance(0.15) && SkillKeys.Unqualified(label) is { } plain ? plain
            : label;
        if (random.Chance(0.12))
        {
            name = SkillNameVariants.Typo(random, name);
        }

        var draw = random.NextDouble();
        return draw < 0.20 ? name.ToLowerInvariant()
            : draw < 0.23 ? name.ToUpperInvariant()
            : draw < 0.26 ? name.Replace(" ", "  ", StringComparison.Ordinal)
            : name;
    }

    /// <summary>Missions use a curated alias or acronym 15% of the time when the vocabulary has one, else the label.</summary>
    internal override string MissionSkillName(Random random, SkillCatalog catalog, int skillId, string label)
    {
        var aliases = SkillNameVariants.For(catalog).Aliases(skillId);
        return aliases.Count > 0 && random.Chance(0.15) ? random.Pick(aliases) : label;
    }
}
