using Matching.Core.Contracts;
using Matching.Core.Features;
using Matching.Core.History;
using Matching.Core.Skills;

namespace Matching.Training.Generation;

/// <summary>One mission as the latent process sees it: the people (the truth) and their profiles (the snapshots), in pool order.</summary>
internal sealed record DecisionInput(SkillCatalog Catalog, Mission Mission, int[] RequiredIds, Person[] People, List<Candidate> Snapshots);

/// <summary>What the process decided for each candidate, and the true utility it decided from (the oracle).</summary>
internal sealed record Decision(List<(Outcome Outcome, int? Rating)> Outcomes, double[] Utilities);

/// <summary>How noisy each round of the staffing funnel is, and how often a round ignores utility altogether.</summary>
internal sealed record FunnelSettings
{
    /// <summary>Gumbel scale of the proposal round (the best quarter of the pool by utility + noise).</summary>
    public double ProposalNoise { get; init; } = 0.9;

    /// <summary>Gumbel scale of the shortlist round (2–4 of those who did not decline).</summary>
    public double ShortlistNoise { get; init; } = 0.6;

    /// <summary>Gumbel scale of the staffing round (the best of the shortlist, two for some part-time missions).</summary>
    public double StaffNoise { get; init; } = 0.4;

    /// <summary>Share of missions cancelled after the shortlist: nobody is staffed.</summary>
    public double CancelProbability { get; init; } = 0.04;

    /// <summary>
    /// Label noise: the probability, drawn per mission, that the proposal round orders the pool at random instead
    /// of by utility. Here and below, zero draws nothing, so the base world is unchanged.
    /// </summary>
    public double RandomProposal { get; init; }

    /// <summary>The probability, per mission, that the shortlist is drawn at random from those who did not decline.</summary>
    public double RandomShortlist { get; init; }

    /// <summary>The probability, per mission, that whoever is staffed is drawn at random from the shortlist.</summary>
    public double RandomStaffing { get; init; }
}

/// <summary>
/// The latent process of a synthetic world: how people write skill names on their profile, a true utility
/// per candidate from what the generator knows (true skills, hidden traits) and what the profile shows, and
/// the staffing funnel that turns utilities into outcomes. <see cref="Base"/> is the process the project
/// started with; <see cref="Thresholds"/> and <see cref="Noisy"/> are shaped differently so that defaults
/// can be chosen across worlds rather than fitted to one. docs/synthetic-history.md describes each.
/// Implementations must be stateless: missions are generated in parallel.
/// </summary>
public abstract class OutcomeProcess
{
    private protected OutcomeProcess()
    {
    }

    /// <summary>Today's world, unchanged: additive utility, profile-read mandatory skills, clean skill names.</summary>
    public static OutcomeProcess Base { get; } = new AdditiveWorld("base", new AdditiveCoefficients(), new FunnelSettings());

    /// <summary>Hard thresholds and a multiplicative utility; ratings weigh more; skills unused for over 3 years count half.</summary>
    public static OutcomeProcess Thresholds { get; } = new ThresholdsWorld();

    /// <summary>Load and aspirations weigh heavily, place little; some rounds are decided at random; skill names carry typos and aliases.</summary>
    public static OutcomeProcess Noisy { get; } = new NoisyWorld();

    public static IReadOnlyList<OutcomeProcess> All { get; } = [Base, Thresholds, Noisy];

    /// <summary>The names <see cref="Named"/> accepts: base, thresholds, noisy.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(p => p.Name)];

    /// <summary>The world's short name, as <c>generate --world</c> takes it.</summary>
    public abstract string Name { get; }

    /// <summary>The process called <paramref name="name"/> (case-insensitive), or an <see cref="ArgumentException"/> naming the choices.</summary>
    public static OutcomeProcess Named(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown world '{name}': use one of {string.Join(", ", Names)}.", nameof(name));

    public override string ToString() => Name;

    /// <summary>How a person writes skill <paramref name="skillId"/> (catalog label <paramref name="label"/>) on their profile and aspirations.</summary>
    internal virtual string WrittenName(Random random, SkillCatalog catalog, int skillId, string label)
    {
        // Mostly the catalog label, sometimes in another case or spacing.
        var draw = random.NextDouble();
        return draw < 0.85 ? label
            : draw < 0.93 ? label.ToLowerInvariant()
            : draw < 0.97 ? label.ToUpperInvariant()
            : $" {label.Replace(" ", "  ", StringComparison.Ordinal)} ";
    }

    /// <summary>How a mission names a required skill. Draws nothing by default (missions use the catalog label).</summary>
    internal virtual string MissionSkillName(Random random, SkillCatalog catalog, int skillId, string label) => label;

    /// <summary>Outcomes (and true utilities) for one mission's pool; <paramref name="random"/> is the mission's generator.</summary>
    internal abstract Decision Decide(Random random, DecisionInput input);

    /// <summary>
    /// The staffing funnel, with Gumbel noise at every round: the best quarter of the pool (3 to 10) is proposed
    /// and everyone else rejected; each proposed person declines with <paramref name="declineProbability"/>; 2–4
    /// of those left are shortlisted; the best shortlisted is staffed (two for some part-time missions) and rated
    /// by <paramref name="rating"/>, unless the mission is cancelled. With the default settings and a decline and
    /// rating that draw what the base world drew, this consumes <paramref name="random"/> exactly as the base
    /// world always has, so its histories stay byte-identical.
    /// </summary>
    private protected static List<(Outcome Outcome, int? Rating)> Funnel(
        Random random, Mission mission, double[] utility, FunnelSettings settings, Func<int, double> declineProbability, Func<int, int?> rating)
    {
        var n = utility.Length;
        bool AtRandom(double probability) => probability > 0 && random.Chance(probability);

        var outcomes = Enumerable.Repeat((Outcome.Rejected, (int?)null), n).ToList();
        var proposalAtRandom = AtRandom(settings.RandomProposal);
        var proposed = Enumerable.Range(0, n)
            .OrderByDescending(i => proposalAtRandom ? random.NextDouble() : utility[i] + random.Gumbel(settings.ProposalNoise))
            .Take(Math.Clamp((int)Math.Round(0.25 * n), 3, 10)).ToList();
        var stillIn = new List<int>();
        foreach (var i in proposed)
        {
            outcomes[i] = random.Chance(declineProbability(i)) ? (Outcome.Declined, null) : (Outcome.Proposed, null);
            if (outcomes[i].Item1 == Outcome.Proposed)
            {
                stillIn.Add(i);
            }
        }

        var shortlistAtRandom = AtRandom(settings.RandomShortlist);
        var shortlist = stillIn
            .OrderByDescending(i => shortlistAtRandom ? random.NextDouble() : utility[i] + random.Gumbel(settings.ShortlistNoise))
            .Take(random.Next(2, 5)).ToList();
        foreach (var i in shortlist)
        {
            outcomes[i] = (Outcome.Shortlisted, null);
        }

        if (shortlist.Count > 0 && !random.Chance(settings.CancelProbability))
        {
            var staffCount = mission.Capacity <= 0.5 && random.Chance(0.12) ? 2 : 1;
            var staffAtRandom = AtRandom(settings.RandomStaffing);
            foreach (var i in shortlist.OrderByDescending(i => staffAtRandom ? random.NextDouble() : utility[i] + random.Gumbel(settings.StaffNoise)).Take(staffCount))
            {
                outcomes[i] = (Outcome.Staffed, rating(i));
            }
        }

        return outcomes;
    }

    /// <summary>The best catalog adjacency credit, to <paramref name="required"/>, of a skill the person truly holds.</summary>
    private protected static double BestAdjacency(SkillCatalog catalog, Person person, int required)
    {
        if (required >= catalog.ConceptCount)
        {
            return 0;
        }

        double best = 0;
        foreach (var neighbour in catalog.Neighbours(required))
        {
            if (person.Skills.ContainsKey(neighbour.ConceptId))
            {
                best = Math.Max(best, neighbour.Credit);
            }
        }

        return best;
    }

    /// <summary>Whether the profile shows <paramref name="skill"/> under that very name (case and spacing aside), as a declared skill or in an experience.</summary>
    private protected static bool ShowsName(Candidate snapshot, string skill)
    {
        var key = SkillKeys.NormaliseKey(skill);
        return snapshot.Skills!.Exists(s => SkillKeys.NormaliseKey(s.Name!) == key)
            || snapshot.Experiences!.Exists(e => e.Skills!.Exists(n => SkillKeys.NormaliseKey(n) == key));
    }

    /// <summary>
    /// Whether the profile shows the person's skill <paramref name="skillId"/>, however they wrote it: a person
    /// reading the profile knows "pyhton" is Python. The snapshot writes each skill under the person's own name for it.
    /// </summary>
    private protected static bool ShowsSkill(Person person, Candidate snapshot, int skillId)
    {
        if (!person.Skills.TryGetValue(skillId, out var own))
        {
            return false;
        }

        return snapshot.Skills!.Exists(s => string.Equals(s.Name, own.Name, StringComparison.Ordinal))
            || snapshot.Experiences!.Exists(e => e.Skills!.Contains(own.Name, StringComparer.Ordinal));
    }

    /// <summary>
    /// The level a staffing team reading the profile sees for skill <paramref name="skillId"/>, however the person
    /// wrote its name: the declared level when the profile lists it, else 2 when an experience lists it or its
    /// description names it, else 0 (not shown).
    /// </summary>
    private protected static int ShownLevel(SkillCatalog catalog, Person person, Candidate snapshot, int skillId)
    {
        if (!person.Skills.TryGetValue(skillId, out var own))
        {
            return 0;
        }

        foreach (var skill in snapshot.Skills!)
        {
            if (string.Equals(skill.Name, own.Name, StringComparison.Ordinal))
            {
                return skill.Level ?? 2;
            }
        }

        var prose = skillId < catalog.ConceptCount ? SkillKeys.Unqualified(catalog.Label(skillId)) ?? catalog.Label(skillId) : null;
        return snapshot.Experiences!.Exists(e => e.Skills!.Contains(own.Name, StringComparer.Ordinal)
            || (prose is not null && e.Description is { } description && description.Contains(prose, StringComparison.OrdinalIgnoreCase))) ? 2 : 0;
    }

    /// <summary>When the person last used a skill in an assignment that started before <paramref name="date"/> (its end), else when they learnt it.</summary>
    private protected static DateOnly LastUse(Person person, int skillId, DateOnly date, DateOnly learnt) =>
        person.Career.Where(a => a.Start < date && a.Skills.Contains(skillId)).Select(a => a.End).DefaultIfEmpty(learnt).Max();

    /// <summary>The person's assignments ended before <paramref name="start"/> that used a required skill: how many, and their mean rating (null when none is rated).</summary>
    private protected static (int Count, double? MeanRating) RelatedTrack(Person person, DateOnly start, int[] requiredIds)
    {
        var related = person.Career.Where(a => a.End < start && a.Skills.Intersect(requiredIds).Any()).ToList();
        var ratings = related.Where(a => a.Rating is not null).Select(a => (double)a.Rating!.Value).ToList();
        return (related.Count, ratings.Count > 0 ? ratings.Average() : null);
    }

    /// <summary>The share of the mission the profile's availability covers; unknown, the team finds out a share drawn from 0.3–1.</summary>
    private protected static double Coverage(Random random, MissionProfile profile, Candidate snapshot) =>
        snapshot.Availability is null ? 0.3 + 0.7 * random.NextDouble() : FeatureExtractor.AvailabilityCoverage(profile, snapshot.Availability);

    /// <summary>The share of the mission's languages the person speaks (1 when it asks none).</summary>
    private protected static double SpokenShare(Mission mission, Person person) =>
        mission.Languages is null ? 1.0 : (double)mission.Languages.Count(l => person.Languages.Contains(l)) / mission.Languages.Count;

    private protected static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
