using System.Globalization;
using Matching.Core.Contracts;
using Matching.Core.Features;
using Matching.Core.Skills;

namespace Matching.Core.Ranking;

/// <summary>
/// Says why a candidate ranks where they do, in the model's own terms (factor contributions) and in a
/// manager's (skills held, missing and standing in, and short sentences ordered by how much each factor
/// weighed for this candidate).
/// </summary>
static class Explanation
{
    const int MaxListedSkills = 4;

    public static RankedCandidate Explain(MissionProfile mission, string candidateId, CandidateEvidence evidence, Factors factors, int rank, double score)
    {
        var matched = new List<MatchedSkill>();
        var missing = new List<string>();
        var adjacent = new List<AdjacentSkill>();
        for (var r = 0; r < mission.Skills.Count; r++)
        {
            var skill = mission.Skills[r];
            if (evidence.Level[r] > 0)
            {
                matched.Add(new MatchedSkill(skill.Label, skill.Level, evidence.Level[r], (evidence.Source[r] & SkillSource.Experience) != 0 ? "experience" : "declared"));
                continue;
            }

            missing.Add(skill.Label);
            if (evidence.AdjacentSkill[r] >= 0)
            {
                adjacent.Add(new AdjacentSkill(
                    skill.Label,
                    mission.Space.Label(evidence.AdjacentSkill[r]),
                    RelationName(evidence.AdjacentRelation[r]),
                    Math.Round(evidence.Adjacent[r], 3)));
            }
        }

        var reasons = new List<(double Weight, string Text)>();
        reasons.AddRange(SkillReasons(mission, evidence, matched, missing, adjacent).Select(t => (Math.Abs(factors.Skills), t)));
        reasons.AddRange(ExperienceReasons(evidence).Select(t => (Math.Abs(factors.Experience), t)));
        reasons.AddRange(AvailabilityReasons(mission, evidence).Select(t => (Math.Abs(factors.Availability), t)));
        reasons.AddRange(AspirationReasons(mission, evidence).Select(t => (Math.Abs(factors.Aspirations), t)));
        reasons.AddRange(ContextReasons(mission, evidence).Select(t => (Math.Abs(factors.Context), t)));

        return new RankedCandidate
        {
            CandidateId = candidateId,
            Rank = rank,
            Score = score,
            Factors = factors,
            MatchedSkills = matched,
            MissingSkills = missing,
            AdjacentSkills = adjacent,
            // Stable sort: the factor that weighed most speaks first, each factor's sentences keep their order.
            Reasons = [.. reasons.OrderByDescending(r => r.Weight).Select(r => r.Text)],
        };
    }

    public static string RelationName(SkillRelation relation) => relation switch
    {
        SkillRelation.Narrower => "narrower",
        SkillRelation.Broader => "broader",
        SkillRelation.Sibling => "sibling",
        SkillRelation.RelatedEssential => "related",
        SkillRelation.RelatedOptional => "related",
        SkillRelation.CoOccurring => "co-occurring",
        SkillRelation.Implies => "implies",
        _ => relation.ToString().ToLowerInvariant(),
    };

    static IEnumerable<string> SkillReasons(MissionProfile mission, CandidateEvidence evidence, List<MatchedSkill> matched, List<string> missing, List<AdjacentSkill> adjacent)
    {
        var total = mission.Skills.Count;
        yield return matched.Count == 0
            ? $"Holds none of the {total} required skills."
            : $"Holds {matched.Count} of {total} required skills: {List(matched.Select(m => m.Skill))}.";

        var below = matched.Where(m => m.Level < m.RequiredLevel).ToList();
        if (below.Count > 0)
        {
            yield return $"Below the level asked in {List(below.Select(m => $"{m.Skill} ({m.Level} of {m.RequiredLevel})"))}.";
        }

        foreach (var a in adjacent.Take(MaxListedSkills))
        {
            yield return $"For {a.RequiredSkill}, has {a.CandidateSkill} ({a.Relation} skill, {Percent(a.Credit)} credit).";
        }

        var uncovered = missing.Where(m => !adjacent.Exists(a => a.RequiredSkill == m)).ToList();
        if (uncovered.Count > 0)
        {
            yield return $"Lacks {List(uncovered)}.";
        }

        var stale = 0;
        for (var r = 0; r < total; r++)
        {
            if (evidence.Level[r] > 0 && evidence.Recency[r] < 0.5f)
            {
                stale++;
            }
        }

        if (stale > 0)
        {
            yield return stale == 1
                ? "1 of the skills held was last used more than two years before the mission starts."
                : $"{stale} of the skills held were last used more than two years before the mission starts.";
        }
    }

    static IEnumerable<string> ExperienceReasons(CandidateEvidence evidence)
    {
        if (evidence.RelatedExperiences == 0)
        {
            yield return "No past assignment used the required skills.";
        }
        else
        {
            var plural = evidence.RelatedExperiences == 1 ? "assignment" : "assignments";
            yield return evidence.MeanRelatedRating is { } rating
                ? $"{evidence.RelatedExperiences} past {plural} used the required skills, rated {rating.ToString("0.0", CultureInfo.InvariantCulture)}/5 on average."
                : $"{evidence.RelatedExperiences} past {plural} used the required skills.";
        }
    }

    static IEnumerable<string> AvailabilityReasons(MissionProfile mission, CandidateEvidence evidence)
    {
        yield return evidence.AvailabilityUnknown
            ? "Availability unknown: treated as available."
            : $"Free for {Percent(evidence.AvailabilityCoverage)} of the mission window at the {Percent(mission.Capacity)} time it needs.";
        if (evidence.ActiveMissions > 0)
        {
            yield return $"Already on {evidence.ActiveMissions} active mission{(evidence.ActiveMissions > 1 ? "s" : "")}.";
        }
    }

    static IEnumerable<string> AspirationReasons(MissionProfile mission, CandidateEvidence evidence)
    {
        var wanted = mission.Skills.Where((s, r) => evidence.Aspiration[r] > 0).Select(s => s.Label).ToList();
        if (wanted.Count > 0)
        {
            yield return $"Wants to grow in {List(wanted)}, which this mission needs.";
        }
    }

    static IEnumerable<string> ContextReasons(MissionProfile mission, CandidateEvidence evidence)
    {
        if (mission.Remote)
        {
            yield return "Remote mission: location does not matter.";
        }
        else if (mission.Location is not null)
        {
            yield return evidence.LocationUnknown ? "Location unknown."
                : evidence.Location == mission.Location ? "Based where the mission is."
                : "Based elsewhere than the mission.";
        }

        if (mission.Languages.Count > 0)
        {
            if (evidence.LanguagesUnknown)
            {
                yield return "Languages unknown.";
            }
            else
            {
                var spoken = evidence.SharedLanguages;
                yield return $"Speaks {spoken.Count} of the mission's {mission.Languages.Count} language{(mission.Languages.Count > 1 ? "s" : "")} ({string.Join(", ", spoken)}).";
            }
        }
    }

    static string List(IEnumerable<string> items)
    {
        var all = items.ToList();
        return all.Count <= MaxListedSkills
            ? string.Join(", ", all)
            : $"{string.Join(", ", all.Take(MaxListedSkills))} and {all.Count - MaxListedSkills} more";
    }

    static string Percent(double share) => share.ToString("0%", CultureInfo.InvariantCulture);
}
