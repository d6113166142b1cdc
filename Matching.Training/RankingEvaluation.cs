using Matching.Core.Features;

namespace Matching.Training;

/// <summary>Model and baseline measured on the same missions, the way the service ranks.</summary>
public sealed record EvaluationReport(RankingQuality Model, RankingQuality Baseline);

public static class RankingEvaluation
{
    public const string BaselineDescription =
        "Weighted skill coverage (feature skill_coverage: weighted share of required skills held, level-adjusted), ties by candidate id; same exclusion rules as the service.";

    /// <summary>
    /// Ranks each mission's eligible candidates by score (ties by candidate id), puts the candidates the
    /// rules exclude after them (as the service never ranks them), and scores both rankings.
    /// </summary>
    public static EvaluationReport Evaluate(IEnumerable<MissionRows> missions, Func<MissionRows, float[]> score)
    {
        var model = new RankingQuality();
        var baseline = new RankingQuality();
        foreach (var mission in missions)
        {
            model.Add(Grades(mission, score(mission)));
            baseline.Add(Grades(mission, BaselineScores(mission)));
        }

        return new EvaluationReport(model, baseline);
    }

    public static float[] BaselineScores(MissionRows mission)
    {
        var scores = new float[mission.Rows];
        for (var i = 0; i < scores.Length; i++)
        {
            scores[i] = mission.Features[i * FeatureSchema.Count + FeatureSchema.SkillCoverage];
        }

        return scores;
    }

    /// <summary>The mission's grades in the order the scores rank its candidates, the excluded ones last.</summary>
    public static int[] GradesInOrder(MissionRows mission, float[] scores) => Grades(mission, scores);

    static int[] Grades(MissionRows mission, float[] scores)
    {
        var order = Enumerable.Range(0, mission.Rows).ToArray();
        Array.Sort(order, (a, b) =>
        {
            var byScore = scores[b].CompareTo(scores[a]);
            return byScore != 0 ? byScore : string.CompareOrdinal(mission.CandidateIds[a], mission.CandidateIds[b]);
        });
        var excluded = Enumerable.Range(0, mission.ExcludedIds.Length).OrderBy(i => mission.ExcludedIds[i], StringComparer.Ordinal);
        return [.. order.Select(i => mission.Grades[i]), .. excluded.Select(i => mission.ExcludedGrades[i])];
    }
}
