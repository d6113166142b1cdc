using Matching.Core.Features;

namespace Matching.Training.Generation;

/// <summary>
/// The weights of an additive world (docs/synthetic-history.md gives each world's): the utility is
/// <c>Fit·fit + Recency·recency + track + availability + load + Aspiration·wants + place + language
/// + 0.45·performance + mandatory penalty</c>, and each term below is one coefficient of it.
/// </summary>
internal sealed record AdditiveCoefficients
{
    /// <summary>The share of the skills term read from the profile's levels; the rest is the truth (0: truth only).</summary>
    public double ShownShare { get; init; }

    /// <summary>Whether staffing teams read a mandatory skill's name as people do ("pyhton" shows Python) or by its exact label.</summary>
    public bool ReadsNamesAsPeopleDo { get; init; }

    public double Fit { get; init; } = 3.2;
    public double Recency { get; init; } = 0.5;
    public double TrackPerRelated { get; init; } = 0.25;
    public double TrackPerRatingPoint { get; init; } = 0.35;
    public double Availability { get; init; } = 2.2;
    public double BelowHalfFree { get; init; } = 1.5;
    public double Load { get; init; } = 0.35;
    public double Aspiration { get; init; } = 0.6;
    public double Elsewhere { get; init; } = 0.6;

    /// <summary>The decline probability's logit: <c>DeclineBase + DeclinePerActive·active + 0.5·choosiness − DeclinePerWant·wants</c>.</summary>
    public double DeclineBase { get; init; } = -2.2;
    public double DeclinePerActive { get; init; } = 0.6;
    public double DeclinePerWant { get; init; } = 1.2;
}

/// <summary>
/// A world whose utility adds up what the person truly holds and what the profile shows, adjacency, recency, track
/// record, availability, load, aspirations, place and language plus their hidden performance; then noisy rounds of
/// proposal, declines, shortlist and staffing, and a rating (docs/synthetic-history.md, "The latent outcome process").
/// The base and noisy worlds are two sets of <see cref="AdditiveCoefficients"/>.
/// </summary>
internal class AdditiveWorld(string name, AdditiveCoefficients weights, FunnelSettings settings) : OutcomeProcess
{
    public override string Name => name;

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
        var truthShare = 1 - weights.ShownShare;
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
                if (weights.ShownShare > 0)
                {
                    var shown = ShownLevel(catalog, person, snapshot, requiredIds[r]);
                    fit += weight * weights.ShownShare * (shown == 0 ? 0 : Credit(shown, required));
                }

                if (person.Skills.TryGetValue(requiredIds[r], out var own) && own.Since <= start)
                {
                    fit += weight * truthShare * Credit(own.TrueLevel, required);
                    var lastUse = LastUse(person, requiredIds[r], start, own.Since);
                    recency += Math.Exp(-Math.Max(0, start.DayNumber - lastUse.DayNumber) / 365.25 / 4);
                    held++;
                }
                else
                {
                    fit += weight * truthShare * 0.8 * BestAdjacency(catalog, person, requiredIds[r]);
                }

                // Staffing teams read profiles: a mandatory skill the profile does not show is rarely staffed.
                var shows = weights.ReadsNamesAsPeopleDo ? ShowsSkill(person, snapshot, requiredIds[r]) : ShowsName(snapshot, skill.Name!);
                if (skill.Mandatory == true && !shows)
                {
                    mandatoryPenalty -= 3;
                }

                if (person.AspirationIds.Contains(requiredIds[r]))
                {
                    wants += weight;
                }
            }

            var (relatedCount, meanRating) = RelatedTrack(person, start, requiredIds);
            var track = weights.TrackPerRelated * Math.Min(relatedCount, 4) + (meanRating is { } mean ? weights.TrackPerRatingPoint * (mean - 3) : 0);
            var coverage = Coverage(random, profile, snapshot);
            var availability = weights.Availability * (coverage - 1) - weights.BelowHalfFree * Math.Max(0, 0.5 - coverage);
            var load = -weights.Load * snapshot.ActiveMissions!.Value * (0.5 + mission.Capacity!.Value);
            var place = mission.Remote == true || snapshot.Location == mission.Location ? 0 : -weights.Elsewhere;
            var spoken = SpokenShare(mission, person);
            var language = spoken == 0 ? -3.5 : -0.5 * (1 - spoken);
            skillFit[i] = fit;
            aspiration[i] = wants;
            utility[i] = weights.Fit * fit + weights.Recency * (held > 0 ? recency / held : 0) + track + availability + load + weights.Aspiration * wants
                + place + language + 0.45 * person.Performance + mandatoryPenalty;
        }

        var outcomes = Funnel(random, mission, utility, settings,
            i => Sigmoid(weights.DeclineBase + weights.DeclinePerActive * snapshots[i].ActiveMissions!.Value + 0.5 * people[i].Choosiness - weights.DeclinePerWant * aspiration[i]),
            i => random.Chance(0.85) ? RandomExtensions.Clamp(3 + 0.8 * people[i].Performance + 1.5 * (skillFit[i] - 0.6) + random.Gaussian(0, 0.7), 1, 5) : null);
        return new Decision(outcomes, utility);
    }
}
