using Matching.Core.History;
using Matching.Core.Model;

namespace Matching.Training;

/// <summary>
/// Ranking metrics over graded relevance (0–3). NDCG@k uses gain 2^grade − 1 and a log2 discount, and
/// skips missions where nobody has a grade above 0; MAP and MRR count a candidate as relevant when
/// staffed (grade ≥ 2) and skip missions where nobody was. Means are over the missions that count.
/// </summary>
public sealed class RankingQuality
{
    readonly Dictionary<int, (double Sum, int Count)> ndcg = [];
    double apSum, rrSum;
    int apCount, missions;

    public static IReadOnlyList<int> Cutoffs { get; } = [1, 3, 5, 10];

    /// <summary>Adds one mission, its candidates' grades in the order the ranker put them.</summary>
    public void Add(ReadOnlySpan<int> gradesInRankOrder)
    {
        missions++;
        foreach (var k in Cutoffs)
        {
            var value = Ndcg(gradesInRankOrder, k);
            if (!double.IsNaN(value))
            {
                var (sum, count) = ndcg.GetValueOrDefault(k);
                ndcg[k] = (sum + value, count + 1);
            }
        }

        var ap = AveragePrecision(gradesInRankOrder);
        if (!double.IsNaN(ap))
        {
            apSum += ap;
            rrSum += ReciprocalRank(gradesInRankOrder);
            apCount++;
        }
    }

    public double NdcgAt(int k) => ndcg.TryGetValue(k, out var s) && s.Count > 0 ? s.Sum / s.Count : double.NaN;

    public double Map => apCount > 0 ? apSum / apCount : double.NaN;

    public double Mrr => apCount > 0 ? rrSum / apCount : double.NaN;

    public int Missions => missions;

    public RankingMetrics ToMetrics() => new(NdcgAt(5), NdcgAt(10), Map, Mrr, missions);

    public static double Ndcg(ReadOnlySpan<int> grades, int k)
    {
        var ideal = grades.ToArray();
        Array.Sort(ideal, (a, b) => b.CompareTo(a));
        var idcg = Dcg(ideal, k);
        return idcg == 0 ? double.NaN : Dcg(grades, k) / idcg;
    }

    public static double AveragePrecision(ReadOnlySpan<int> grades)
    {
        double sum = 0;
        var hits = 0;
        for (var i = 0; i < grades.Length; i++)
        {
            if (grades[i] >= Relevance.Relevant)
            {
                hits++;
                sum += (double)hits / (i + 1);
            }
        }

        return hits == 0 ? double.NaN : sum / hits;
    }

    public static double ReciprocalRank(ReadOnlySpan<int> grades)
    {
        for (var i = 0; i < grades.Length; i++)
        {
            if (grades[i] >= Relevance.Relevant)
            {
                return 1.0 / (i + 1);
            }
        }

        return double.NaN;
    }

    static double Dcg(ReadOnlySpan<int> grades, int k)
    {
        double dcg = 0;
        for (var i = 0; i < Math.Min(k, grades.Length); i++)
        {
            dcg += (Math.Pow(2, grades[i]) - 1) / Math.Log2(i + 2);
        }

        return dcg;
    }
}
