using Matching.Core.Features;

namespace Matching.Training.Generation;

/// <summary>
/// A world of hard thresholds and products. Staffing teams judge skills by the level the profile shows (the
/// truth still counts: a claim two levels too high loses credit), and a mandatory or weight-3 skill shown below
/// the level asked makes the candidate all but unviable; availability below half the mission kills the chance;
/// the utility multiplies skills, availability, an aspiration boost, track record (ratings weigh more than in
/// the base world), hidden performance, language, place and load. A skill not used for over three years counts
/// half. People write skill names as in the base world. docs/synthetic-history.md, "World: thresholds", gives
/// every number.
/// </summary>
sealed class ThresholdsWorld : OutcomeProcess
{
    /// <summary>Utilities are products, mostly below 3: the funnel's noise is on that scale.</summary>
    static readonly FunnelSettings Settings = new() { ProposalNoise = 0.09, ShortlistNoise = 0.06, StaffNoise = 0.04 };

    const double StaleYears = 3;
    const double DaysPerYear = 365.25;

    public override string Name => "thresholds";

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
            double fit = 0, wants = 0, gate = 1;
            for (var r = 0; r < requiredIds.Length; r++)
            {
                var skill = mission.Skills![r];
                var weight = (skill.Weight ?? 1) / totalWeight;
                var required = skill.Level ?? 1;
                var shown = ShownLevel(catalog, person, snapshot, requiredIds[r]);
                double credit;
                if (person.Skills.TryGetValue(requiredIds[r], out var own) && own.Since <= start)
                {
                    // The team reads the level on the profile; the work finds out the truth.
                    credit = shown >= required ? 1 : shown == required - 1 ? 0.5 : shown > 0 ? 0.15 : 0.4 * BestAdjacency(catalog, person, requiredIds[r]);
                    if (own.TrueLevel < required - 1)
                    {
                        credit *= 0.6;
                    }

                    if ((start.DayNumber - LastUse(person, requiredIds[r], start, own.Since).DayNumber) / DaysPerYear > StaleYears)
                    {
                        credit *= 0.5;
                    }
                }
                else
                {
                    credit = 0.4 * BestAdjacency(catalog, person, requiredIds[r]);
                }

                fit += weight * credit;

                // Mandatory and weight-3 skills are thresholds: the profile must show the level asked.
                if ((skill.Mandatory == true || skill.Weight >= 3) && shown < required)
                {
                    gate = 0.05;
                }

                if (person.AspirationIds.Contains(requiredIds[r]))
                {
                    wants += weight;
                }
            }

            var (relatedCount, meanRating) = RelatedTrack(person, start, requiredIds);
            var track = (1 + 0.05 * Math.Min(relatedCount, 4)) * (meanRating is { } mean ? Math.Exp(0.35 * (mean - 3)) : 0.9);
            var coverage = Coverage(random, profile, snapshot);
            var availability = coverage < 0.5 ? 0.05 : 0.75 + 0.25 * coverage;
            var load = Math.Max(0.2, 1 - 0.08 * snapshot.ActiveMissions!.Value);
            var place = mission.Remote == true || snapshot.Location == mission.Location ? 1 : 0.85;
            var spoken = SpokenShare(mission, person);
            var language = spoken == 0 ? 0.03 : 0.6 + 0.4 * spoken;
            skillFit[i] = fit;
            aspiration[i] = wants;
            utility[i] = 3 * fit * gate * availability * (1 + wants) * track * Math.Exp(0.2 * person.Performance) * language * place * load;
        }

        var outcomes = Funnel(random, mission, utility, Settings,
            i => Sigmoid(-3.0 + 0.5 * snapshots[i].ActiveMissions!.Value + 0.5 * people[i].Choosiness - 1.2 * aspiration[i]),
            i => random.Chance(0.85) ? RandomExtensions.Clamp(3 + 0.7 * people[i].Performance + 2 * (skillFit[i] - 0.7) + random.Gaussian(0, 0.6), 1, 5) : null);
        return new Decision(outcomes, utility);
    }
}
