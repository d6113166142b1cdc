namespace Matching.Training.Generation;

/// <summary>
/// The oracle and the baseline measured on the same missions. <see cref="Oracle"/> ranks the candidates the
/// service would rank by their true utility and puts those its rules exclude after them, exactly as
/// <see cref="RankingEvaluation"/> treats a model; <see cref="OracleIgnoringRules"/> ranks every candidate by
/// true utility, rules or not (how much the rules cost, for information).
/// </summary>
public sealed record OracleReport(RankingQuality Oracle, RankingQuality Baseline, RankingQuality OracleIgnoringRules);

public static class OracleEvaluation
{
    /// <summary>
    /// Scores ranking by true utility against each mission's graded relevance, with the conventions of
    /// <see cref="RankingEvaluation.Evaluate"/> (ties by candidate id, excluded candidates last, NDCG over the
    /// missions where someone has a grade above 0). Every mission and candidate must have a utility in
    /// <paramref name="oracle"/>; a missing one is an <see cref="InvalidDataException"/>.
    /// </summary>
    public static OracleReport Evaluate(IReadOnlyList<MissionRows> missions, IReadOnlyDictionary<string, OracleLine> oracle)
    {
        var ignoringRules = new RankingQuality();
        var report = RankingEvaluation.Evaluate(missions, mission =>
        {
            var utilities = Utilities(oracle, mission);
            ignoringRules.Add(GradesByUtility(mission, utilities));
            var scores = new float[mission.Rows];
            for (var i = 0; i < scores.Length; i++)
            {
                scores[i] = (float)Utility(utilities, mission, mission.CandidateIds[i]);
            }

            return scores;
        });
        return new OracleReport(report.Model, report.Baseline, ignoringRules);
    }

    static Dictionary<string, double> Utilities(IReadOnlyDictionary<string, OracleLine> oracle, MissionRows mission) =>
        oracle.TryGetValue(mission.MissionId, out var line)
            ? line.Utilities!
            : throw new InvalidDataException($"The oracle has no line for mission {mission.MissionId} (history line {mission.Line}); was it generated with this history?");

    static double Utility(Dictionary<string, double> utilities, MissionRows mission, string candidate) =>
        utilities.TryGetValue(candidate, out var value)
            ? value
            : throw new InvalidDataException($"The oracle has no utility for candidate {candidate} of mission {mission.MissionId}.");

    /// <summary>Every candidate, eligible or not, by true utility (ties by id).</summary>
    static int[] GradesByUtility(MissionRows mission, Dictionary<string, double> utilities)
    {
        var all = mission.CandidateIds.Zip(mission.Grades).Concat(mission.ExcludedIds.Zip(mission.ExcludedGrades))
            .Select(c => (Id: c.First, Grade: c.Second, Utility: Utility(utilities, mission, c.First)))
            .ToList();
        all.Sort((a, b) =>
        {
            var byUtility = b.Utility.CompareTo(a.Utility);
            return byUtility != 0 ? byUtility : string.CompareOrdinal(a.Id, b.Id);
        });
        return [.. all.Select(c => c.Grade)];
    }
}
