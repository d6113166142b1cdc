using Matching.Training;

namespace Matching.Tests.Training;

public class RankingQualityTests
{
    [Test]
    public void Ndcg_is_one_for_the_ideal_order_and_less_otherwise()
    {
        Assert.That(RankingQuality.Ndcg([3, 2, 0, 0], 10), Is.EqualTo(1.0));
        // DCG of [0, 3]: 7 / log2(3); ideal [3, 0]: 7.
        Assert.That(RankingQuality.Ndcg([0, 3], 10), Is.EqualTo(1 / Math.Log2(3)).Within(1e-12));
    }

    [Test]
    public void Ndcg_at_k_ignores_ranks_beyond_k()
    {
        Assert.That(RankingQuality.Ndcg([0, 0, 3], 2), Is.EqualTo(0.0));
    }

    [Test]
    public void Missions_without_any_relevance_are_skipped()
    {
        Assert.That(RankingQuality.Ndcg([0, 0], 10), Is.NaN);
        var quality = new RankingQuality();
        quality.Add([0, 0]);
        quality.Add([2, 0]);
        Assert.That(quality.NdcgAt(10), Is.EqualTo(1.0));
        Assert.That(quality.Missions, Is.EqualTo(2));
    }

    [Test]
    public void Average_precision_and_reciprocal_rank_count_staffed_candidates()
    {
        // Staffed (grade >= 2) at ranks 2 and 4; a shortlisted (1) at rank 1 is not relevant here.
        int[] grades = [1, 3, 0, 2];

        Assert.That(RankingQuality.AveragePrecision(grades), Is.EqualTo((1.0 / 2 + 2.0 / 4) / 2).Within(1e-12));
        Assert.That(RankingQuality.ReciprocalRank(grades), Is.EqualTo(0.5));
    }
}
