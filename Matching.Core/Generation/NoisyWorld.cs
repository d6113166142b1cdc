using Matching.Core.Features;
using Matching.Core.Skills;

namespace Matching.Core.Generation;

/// <summary>
/// A world with other weights and messier data. Skills count three fifths as the profile shows them and two
/// fifths as they truly are; load weighs heavily (the busiest are rarely proposed and often decline), aspirations
/// strongly, place little; some funnel rounds are decided at random (label noise); people write skill names with
/// curated aliases and acronyms, one-letter typos and lower case, and missions sometimes use an alias, so reading
/// names matters. Staffing teams read names as people do: "pyhton" shows Python. docs/synthetic-history.md,
/// "World: noisy", gives every number.
/// </summary>
sealed class NoisyWorld : OutcomeProcess
{
    static readonly FunnelSettings Settings = new() { ProposalNoise = 0.22, ShortlistNoise = 0.15, StaffNoise = 0.1, RandomProposal = 0.03, RandomShortlist = 0.08, RandomStaffing = 0.15 };

    public override string Name => "noisy";

    /// <summary>
    /// A curated alias or acronym 30% of the time when the vocabulary has one; otherwise the label, without its
    /// qualifier 15% of the time when it has one. Then a one-letter typo 12% of the time, and lower case 20%,
    /// upper case 3%, doubled spaces 3%.
    /// </summary>
    internal override string WrittenName(Random random, SkillCatalog catalog, int skillId, string label)
    {
        var aliases = SkillNameVariants.For(catalog).Aliases(skillId);
        var name = aliases.Count > 0 && random.Chance(0.3) ? random.Pick(aliases)
            : random.Chance(0.15) && SkillCatalog.Unqualified(label) is { } plain ? plain
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

    static double Credit(int level, int required) =>
        level >= required ? 1 : level == required - 1 ? 0.65 : level == required - 2 ? 0.3 : 0.1;

    internal override Decision Decide(Random random, DecisionInput input)
    {
        var (catalog, mission, requiredIds, people, snapshots) = input;
        var n = people.Length;
        var utility = new double[n];
        var skillFit = new double[n];
        var aspiration = new double[n];
        var profile = MissionProfile.Create(mission, new SkillSpace(catalog));
        var start = mission.Start!.Value;
        var totalWeight = mission.Skills!.Sum(s => s.Weight ?? 1);
        for (var i = 0; i < n; i++)
        {
            var person = people[i];
            var snapshot = snapshots[i];
            double fit = 0, recency = 0, held = 0, mandatoryPenalty = 0, wants = 0;
            for (var r = 0; r < requiredIds.Length; r++)
            {
                var skill = mission.Skills![r];
                var weight = (skill.Weight ?? 1) / totalWeight;
                var required = skill.Level ?? 1;
                // Three fifths what the team reads on the profile, two fifths the truth.
                var shown = ShownLevel(catalog, person, snapshot, requiredIds[r]);
                fit += weight * 0.6 * (shown == 0 ? 0 : Credit(shown, required));
                if (person.Skills.TryGetValue(requiredIds[r], out var own) && own.Since <= start)
                {
                    fit += weight * 0.4 * Credit(own.TrueLevel, required);
                    var lastUse = LastUse(person, requiredIds[r], start, own.Since);
                    recency += Math.Exp(-Math.Max(0, start.DayNumber - lastUse.DayNumber) / 365.25 / 4);
                    held++;
                }
                else
                {
                    fit += weight * 0.4 * 0.8 * BestAdjacency(catalog, person, requiredIds[r]);
                }

                if (skill.Mandatory == true && !ShowsSkill(person, snapshot, requiredIds[r]))
                {
                    mandatoryPenalty -= 3;
                }

                if (person.AspirationIds.Contains(requiredIds[r]))
                {
                    wants += weight;
                }
            }

            var (relatedCount, meanRating) = RelatedTrack(person, start, requiredIds);
            var track = 0.2 * Math.Min(relatedCount, 4) + (meanRating is { } mean ? 0.25 * (mean - 3) : 0);
            var coverage = Coverage(random, profile, snapshot);
            var availability = 1.8 * (coverage - 1) - 1.2 * Math.Max(0, 0.5 - coverage);
            var load = -0.7 * snapshot.ActiveMissions!.Value * (0.5 + mission.Capacity!.Value);
            var place = mission.Remote == true || snapshot.Location == mission.Location ? 0 : -0.2;
            var spoken = SpokenShare(mission, person);
            var language = spoken == 0 ? -3.5 : -0.5 * (1 - spoken);
            skillFit[i] = fit;
            aspiration[i] = wants;
            utility[i] = 4.0 * fit + 0.4 * (held > 0 ? recency / held : 0) + track + availability + load + 1.4 * wants
                + place + language + 0.45 * person.Performance + mandatoryPenalty;
        }

        var outcomes = Funnel(random, mission, utility, Settings,
            i => Sigmoid(-3.5 + 0.9 * snapshots[i].ActiveMissions!.Value + 0.5 * people[i].Choosiness - 2.0 * aspiration[i]),
            i => random.Chance(0.85) ? RandomExtensions.Clamp(3 + 0.8 * people[i].Performance + 1.5 * (skillFit[i] - 0.6) + random.Gaussian(0, 0.7), 1, 5) : null);
        return new Decision(outcomes, utility);
    }
}
