using Matching.Core.Contracts;
using Matching.Core.Skills;

namespace Matching.Core.Features;

/// <summary>A required skill after resolution and defaults (level 1, weight 1, not mandatory).</summary>
public sealed record RequiredSkill(int SkillId, string Label, int Level, float Weight, bool Mandatory);

/// <summary>How a held skill bears on a required one: directly (no relation) or through an adjacency.</summary>
readonly record struct Bearing(int RequiredIndex, float Credit, SkillRelation? Relation);

/// <summary>
/// A validated mission, resolved against the catalog once, with everything candidates are compared to.
/// The same object computes features for serving and for training.
/// </summary>
public sealed class MissionProfile
{
    readonly Dictionary<int, Bearing[]> bearings;

    MissionProfile(SkillSpace space, RequiredSkill[] skills, Mission mission)
    {
        Space = space;
        Skills = skills;
        TotalWeight = skills.Sum(s => s.Weight);
        Start = mission.Start!.Value;
        End = mission.End!.Value;
        Capacity = mission.Capacity!.Value;
        Remote = mission.Remote ?? false;
        Location = NormaliseLocation(mission.Location);
        Languages = [.. (mission.Languages ?? []).Select(l => l.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal)];
        bearings = BuildBearings(space, skills);
    }

    public SkillSpace Space { get; }

    public IReadOnlyList<RequiredSkill> Skills { get; }

    public float TotalWeight { get; }

    public DateOnly Start { get; }

    public DateOnly End { get; }

    public double Capacity { get; }

    public bool Remote { get; }

    public string? Location { get; }

    public IReadOnlyList<string> Languages { get; }

    /// <summary>A description names at most this many required skills (the surest, as request lists are capped at 100).</summary>
    public const int MaxSkillsFromDescription = 100;

    /// <summary>When the mission listed no skills, those found in its description (now its required skills), with the words that named them.</summary>
    public IReadOnlyList<(int SkillId, string Text)> FromDescription { get; private init; } = [];

    /// <summary>Resolves a validated mission. Skills naming the same concept are merged: highest level and weight, mandatory if either is.</summary>
    public static MissionProfile Create(Mission mission, SkillSpace space)
    {
        if (mission.Skills is not { Count: > 0 })
        {
            // No skills listed: those the description names are required, at the defaults.
            var found = string.IsNullOrWhiteSpace(mission.Description) ? []
                : space.Catalog.Extract(mission.Description, language: null)
                    .OrderByDescending(f => f.Confidence).ThenBy(f => f.Spans[0].Start).Take(MaxSkillsFromDescription).OrderBy(f => f.Spans[0].Start).ToList();
            var derived = found.Select(f => new RequiredSkill(f.ConceptId, space.Label(f.ConceptId), 1, 1f, false)).ToArray();
            space.SetMissionConcepts(derived.Select(d => d.SkillId));
            return new MissionProfile(space, derived, mission) { FromDescription = [.. found.Select(f => (f.ConceptId, f.Spans[0].Text))] };
        }

        var merged = new Dictionary<int, RequiredSkill>();
        var order = new List<int>();
        var names = mission.Skills!.Select(s => s.Name!).ToList();
        var ids = new int[names.Count];
        space.ResolveList(names, static name => name, ids);
        for (var i = 0; i < names.Count; i++)
        {
            var skill = mission.Skills[i];
            var id = ids[i] >= 0 ? ids[i] : space.Literal(skill.Name!);
            var required = new RequiredSkill(id, space.Label(id), skill.Level ?? 1, (float)(skill.Weight ?? 1), skill.Mandatory ?? false);
            if (merged.TryGetValue(id, out var earlier))
            {
                required = earlier with
                {
                    Level = Math.Max(earlier.Level, required.Level),
                    Weight = Math.Max(earlier.Weight, required.Weight),
                    Mandatory = earlier.Mandatory || required.Mandatory,
                };
            }
            else
            {
                order.Add(id);
            }

            merged[id] = required;
        }

        space.SetMissionConcepts(order);
        return new MissionProfile(space, [.. order.Select(id => merged[id])], mission);
    }

    internal bool TryGetBearings(int skillId, out Bearing[] found) => bearings.TryGetValue(skillId, out found!);

    /// <summary>
    /// Each skill that bears on a required one, with the required skill's index and the credit holding it gives at
    /// best (1 for the required skill itself, the adjacency's credit for a neighbour, before any level factor).
    /// </summary>
    public IEnumerable<(int SkillId, int RequiredIndex, float Credit)> Bearings =>
        bearings.SelectMany(kv => kv.Value.Select(b => (kv.Key, b.RequiredIndex, b.Credit)));

    internal static string? NormaliseLocation(string? location) =>
        string.IsNullOrWhiteSpace(location) ? null : location.Trim().ToUpperInvariant();

    /// <summary>For each skill that matters to this mission, the required skills it bears on and how.</summary>
    static Dictionary<int, Bearing[]> BuildBearings(SkillSpace space, RequiredSkill[] skills)
    {
        var lists = new Dictionary<int, List<Bearing>>();
        void Add(int skillId, Bearing bearing)
        {
            if (!lists.TryGetValue(skillId, out var list))
            {
                lists[skillId] = list = [];
            }

            list.Add(bearing);
        }

        for (var r = 0; r < skills.Length; r++)
        {
            Add(skills[r].SkillId, new Bearing(r, 1f, null));
            foreach (var neighbour in space.Neighbours(skills[r].SkillId))
            {
                Add(neighbour.ConceptId, new Bearing(r, neighbour.Credit, neighbour.Relation));
            }
        }

        return lists.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
    }
}
