using Matching.Core.Features;

namespace Matching.Core.Generation;

/// <summary>
/// The world the generator started with (docs/synthetic-history.md, "The latent outcome process"): a utility
/// from the person's true skills (not only what they declare), adjacency, recency, track record, availability,
/// load, aspirations, place and language plus their hidden performance; then noisy rounds of proposal, declines,
/// shortlist and staffing, and a rating. Extracted unchanged: the same seed gives the same bytes as before.
/// </summary>
sealed class BaseWorld : OutcomeProcess
{
    static readonly FunnelSettings Settings = new();

    public override string Name => "base";

    internal override Decision Decide(Random random, DecisionInput input)
    {
        var (catalog, mission, requiredIds, people, snapshots) = input;
        var n = people.Length;
        var utility = new double[n];
        var skillFit = new double[n];
        var aspiration = new double[n];
        var profile = MissionProfile.Create(mission, new SkillSpace(catalog));
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
                if (person.Skills.TryGetValue(requiredIds[r], out var own) && own.Since <= mission.Start)
                {
                    fit += weight * (own.TrueLevel >= required ? 1 : own.TrueLevel == required - 1 ? 0.65 : own.TrueLevel == required - 2 ? 0.3 : 0.1);
                    var lastUse = LastUse(person, requiredIds[r], mission.Start!.Value, own.Since);
                    recency += Math.Exp(-Math.Max(0, mission.Start!.Value.DayNumber - lastUse.DayNumber) / 365.25 / 4);
                    held++;
                }
                else
                {
                    fit += weight * 0.8 * BestAdjacency(catalog, person, requiredIds[r]);
                }

                // Staffing teams read profiles: a mandatory skill the profile does not show is rarely staffed.
                if (skill.Mandatory == true && !ShowsName(snapshot, skill.Name!))
                {
                    mandatoryPenalty -= 3;
                }

                if (person.AspirationIds.Contains(requiredIds[r]))
                {
                    wants += weight;
                }
            }

            var (relatedCount, meanRating) = RelatedTrack(person, mission.Start!.Value, requiredIds);
            var track = 0.25 * Math.Min(relatedCount, 4) + (meanRating is { } mean ? 0.35 * (mean - 3) : 0);
            var coverage = Coverage(random, profile, snapshot);
            var availability = 2.2 * (coverage - 1) - 1.5 * Math.Max(0, 0.5 - coverage);
            var load = -0.35 * snapshot.ActiveMissions!.Value * (0.5 + mission.Capacity!.Value);
            var place = mission.Remote == true || snapshot.Location == mission.Location ? 0 : -0.6;
            var spoken = SpokenShare(mission, person);
            var language = spoken == 0 ? -3.5 : -0.5 * (1 - spoken);
            skillFit[i] = fit;
            aspiration[i] = wants;
            utility[i] = 3.2 * fit + 0.5 * (held > 0 ? recency / held : 0) + track + availability + load + 0.6 * wants
                + place + language + 0.45 * person.Performance + mandatoryPenalty;
        }

        var outcomes = Funnel(random, mission, utility, Settings,
            i => Sigmoid(-2.2 + 0.6 * snapshots[i].ActiveMissions!.Value + 0.5 * people[i].Choosiness - 1.2 * aspiration[i]),
            i => random.Chance(0.85) ? RandomExtensions.Clamp(3 + 0.8 * people[i].Performance + 1.5 * (skillFit[i] - 0.6) + random.Gaussian(0, 0.7), 1, 5) : null);
        return new Decision(outcomes, utility);
    }
}
