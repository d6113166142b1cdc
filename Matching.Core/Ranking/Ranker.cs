using Matching.Core.Contracts;
using Matching.Core.Features;
using Matching.Core.Model;
using Matching.Core.Skills;
using Matching.Core.Validation;

namespace Matching.Core.Ranking;

/// <summary>Candidates after assessment: their ids, feature rows and evidence, in request order.</summary>
public sealed record AssessedCandidates(string[] Ids, float[] Features, CandidateEvidence[] Evidence);

/// <summary>
/// Turns a mission and its assessed candidates into a ranked, explained shortlist: resolve the mission, score the
/// eligible candidates in one batch, order them by score then candidate id, and explain only the rows returned.
/// Reading and assessing the candidates is <see cref="MatchPipeline"/>'s job.
/// </summary>
public sealed class Ranker(SkillCatalog catalog)
{
    public const int DefaultTop = 10;

    public MissionProfile Resolve(Mission mission, bool allInterpretations = false) =>
        MissionProfile.Create(mission, new SkillSpace(catalog, recordLabels: allInterpretations));

    /// <summary>Resolves a validated mission; null, with the fault added to <paramref name="errors"/>, when it ends up requiring no skill.</summary>
    public MissionProfile? Resolve(Mission mission, bool allInterpretations, ValidationErrors errors)
    {
        var profile = Resolve(mission, allInterpretations);
        if (profile.Skills.Count > 0)
        {
            return profile;
        }

        errors.Add("mission.description", "No skill was found in the description; list the mission's skills.");
        return null;
    }

    /// <summary>Scores the eligible candidates, orders them, explains the <paramref name="top"/> returned.</summary>
    public MatchResponse Rank(MissionProfile mission, AssessedCandidates assessed, int? top, bool? explain, RankingModel model, string requestId)
    {
        var (ids, features, evidence) = assessed;
        var width = FeatureSchema.Count;
        var eligible = new List<int>(ids.Length);
        var excluded = new List<ExcludedCandidate>();
        for (var i = 0; i < ids.Length; i++)
        {
            if (evidence[i].IsExcluded)
            {
                excluded.Add(new ExcludedCandidate(ids[i], evidence[i].ExclusionCodes, evidence[i].ExclusionReasons));
            }
            else
            {
                eligible.Add(i);
            }
        }

        var rows = new float[eligible.Count * width];
        for (var e = 0; e < eligible.Count; e++)
        {
            features.AsSpan(eligible[e] * width, width).CopyTo(rows.AsSpan(e * width, width));
        }

        var margins = new float[eligible.Count];
        model.PredictMargins(rows, eligible.Count, margins);

        var order = new int[eligible.Count];
        for (var e = 0; e < order.Length; e++)
        {
            order[e] = e;
        }

        // Highest margin first; equal margins by candidate id, so request order never matters.
        Array.Sort(order, (a, b) =>
        {
            var byMargin = margins[b].CompareTo(margins[a]);
            return byMargin != 0 ? byMargin : string.CompareOrdinal(ids[eligible[a]], ids[eligible[b]]);
        });

        var returned = Math.Min(top ?? DefaultTop, order.Length);
        var explained = explain ?? true;
        var factors = explained ? model.Explain(rows, order.AsSpan(0, returned)) : null;
        var results = new RankedCandidate[returned];
        for (var k = 0; k < returned; k++)
        {
            var row = order[k];
            var index = eligible[row];
            var score = Sigmoid(margins[row]);
            results[k] = explained
                ? Explanation.Explain(mission, ids[index], evidence[index], factors![k], k + 1, score)
                : new RankedCandidate { CandidateId = ids[index], Rank = k + 1, Score = score };
        }

        excluded.Sort((a, b) => string.CompareOrdinal(a.CandidateId, b.CandidateId));
        return new MatchResponse
        {
            RequestId = requestId,
            ModelVersion = model.Version,
            Counts = new MatchCounts(ids.Length, eligible.Count, excluded.Count, eligible.Count - returned),
            Results = results,
            Excluded = excluded,
            UnrecognisedSkills = mission.Space.Unrecognised(),
            SkillInterpretations = Interpretations(mission.Space),
            SkillsFromDescription = mission.FromDescription.Count == 0 ? null
                : [.. mission.FromDescription.Select(d => new DerivedSkill(catalog.ConceptKey(d.SkillId), catalog.Label(d.SkillId), d.Text))],
        };
    }

    public static double Sigmoid(float margin) => 1 / (1 + Math.Exp(-margin));

    /// <summary>The readings a request's skill space kept, as the contract states them.</summary>
    public static List<SkillInterpretation> Interpretations(SkillSpace space) =>
        [.. space.Interpretations().Select(i => Interpretation(space.Catalog, i.Name, i.ConceptId, i.How))];

    public static SkillInterpretation Interpretation(SkillCatalog catalog, string name, int conceptId, SkillReading how)
    {
        if (conceptId < 0 || conceptId >= catalog.ConceptCount)
        {
            return new SkillInterpretation(name, null, null, ReadingName(SkillReading.Unrecognised), null);
        }

        List<SkillSense>? alternatives = null;
        if (how is SkillReading.Context or SkillReading.Ambiguous && catalog.Read(name) is { IsAmbiguous: true } ambiguous)
        {
            alternatives = [.. catalog.Senses(ambiguous.Ambiguity).Where(s => s != conceptId).Select(s => new SkillSense(catalog.ConceptKey(s), catalog.Label(s)))];
        }

        return new SkillInterpretation(name, catalog.ConceptKey(conceptId), catalog.Label(conceptId), ReadingName(how), alternatives);
    }

    public static string ReadingName(SkillReading how) => how.ToString().ToLowerInvariant();
}
