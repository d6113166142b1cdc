namespace Matching.Training;

/// <summary>
/// How well a binary model's score reads as a probability of being staffed, over the candidates the service
/// would rank: the mean score against the share staffed, and the expected calibration error over ten
/// equal-width bins (the gap between mean score and staffed share in each bin, weighted by its rows).
/// </summary>
public sealed record CalibrationReport(int Rows, double MeanScore, double StaffedShare, double ExpectedCalibrationError)
{
    public const int Bins = 10;

    public static CalibrationReport Measure(IEnumerable<MissionRows> missions, Func<MissionRows, float[]> margins)
    {
        var count = new long[Bins];
        var scoreSum = new double[Bins];
        var staffedSum = new double[Bins];
        foreach (var mission in missions)
        {
            var m = margins(mission);
            for (var i = 0; i < mission.Rows; i++)
            {
                var p = 1 / (1 + Math.Exp(-m[i]));
                var bin = Math.Min(Bins - 1, (int)(p * Bins));
                count[bin]++;
                scoreSum[bin] += p;
                staffedSum[bin] += mission.Grades[i] >= Matching.Core.History.Relevance.Relevant ? 1 : 0;
            }
        }

        var rows = count.Sum();
        if (rows == 0)
        {
            return new CalibrationReport(0, double.NaN, double.NaN, double.NaN);
        }

        var ece = Enumerable.Range(0, Bins).Sum(b => count[b] == 0 ? 0 : count[b] / (double)rows * Math.Abs(scoreSum[b] / count[b] - staffedSum[b] / count[b]));
        return new CalibrationReport((int)rows, scoreSum.Sum() / rows, staffedSum.Sum() / rows, ece);
    }
}
