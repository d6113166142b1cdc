using Matching.Core.Model;
using static Matching.Tests.Model.TrainedModels;

namespace Matching.Tests.Model;

public class ModelExplainerTests
{
    private const int RowCount = 500;
    private const int GroupCount = 5;

    [Test]
    public void Interaction_constraints_make_the_model_additive_over_groups()
    {
        using var constrained = Train(AdditiveParameters("rank:ndcg"), rounds: 40);
        using var free = Train(Parameters("rank:ndcg"), rounds: 40);

        Assert.That(TreeEnsemble.Parse(constrained.SaveJson()).IsAdditiveOver(FeatureGroup), Is.True);
        Assert.That(TreeEnsemble.Parse(free.SaveJson()).IsAdditiveOver(FeatureGroup), Is.False);
    }

    [TestCase("rank:ndcg", 0.1)]
    [TestCase("rank:ndcg", 0.0)]
    [TestCase("binary:logistic", 0.2)]
    public void Managed_group_contributions_equal_libxgboost_shap_summed_per_group(string objective, double missingRate)
    {
        using var booster = Train(AdditiveParameters(objective), rounds: 60, missingRate: missingRate);
        var ensemble = TreeEnsemble.Parse(booster.SaveJson());
        var rows = Rows(RowCount, seed: 21, missingRate: missingRate);
        using var matrix = new DMatrix(rows, RowCount, FeatureCount);
        var shap = booster.PredictContributions(matrix);
        var explainer = new ModelExplainer(ensemble, booster, FeatureGroup);
        var contributions = new double[RowCount * GroupCount];

        explainer.GroupContributions(rows, RowCount, contributions);

        Assert.That(explainer.IsAdditive, Is.True);
        for (var r = 0; r < RowCount; r++)
        {
            var expected = new double[GroupCount];
            for (var f = 0; f < FeatureCount; f++)
            {
                expected[FeatureGroup[f]] += shap[r * (FeatureCount + 1) + f];
            }
            Assert.That(contributions.AsSpan(r * GroupCount, GroupCount).ToArray(), Is.EqualTo(expected).Within(1e-5), $"row {r}");
            Assert.That(explainer.Bias, Is.EqualTo(shap[r * (FeatureCount + 1) + FeatureCount]).Within(1e-5), $"bias, row {r}");
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Group_contributions_plus_bias_equal_the_margin(bool additive)
    {
        using var booster = Train(additive ? AdditiveParameters("rank:ndcg") : Parameters("rank:ndcg"), rounds: 60);
        var ensemble = TreeEnsemble.Parse(booster.SaveJson());
        var rows = Rows(RowCount, seed: 22, missingRate: 0.1);
        var margins = new float[RowCount];
        ensemble.PredictMargin(rows, RowCount, margins);
        var explainer = new ModelExplainer(ensemble, booster, FeatureGroup);
        var contributions = new double[RowCount * GroupCount];

        explainer.GroupContributions(rows, RowCount, contributions);

        Assert.That(explainer.IsAdditive, Is.EqualTo(additive));
        for (var r = 0; r < RowCount; r++)
        {
            var total = explainer.Bias + contributions.AsSpan(r * GroupCount, GroupCount).ToArray().Sum();
            Assert.That(total, Is.EqualTo(margins[r]).Within(1e-5), $"row {r}");
        }
    }

    [Test]
    public void Non_additive_explanations_come_from_libxgboost_shap()
    {
        using var booster = Train(Parameters("rank:ndcg"), rounds: 30);
        var ensemble = TreeEnsemble.Parse(booster.SaveJson());
        var rows = Rows(3, seed: 23, missingRate: 0.1);
        using var matrix = new DMatrix(rows, 3, FeatureCount);
        var shap = booster.PredictContributions(matrix);
        var contributions = new double[3 * GroupCount];

        new ModelExplainer(ensemble, booster, FeatureGroup).GroupContributions(rows, 3, contributions);

        for (var r = 0; r < 3; r++)
        {
            for (var g = 0; g < GroupCount; g++)
            {
                var expected = Enumerable.Range(0, FeatureCount).Where(f => FeatureGroup[f] == g).Sum(f => (double)shap[r * (FeatureCount + 1) + f]);
                Assert.That(contributions[r * GroupCount + g], Is.EqualTo(expected).Within(1e-9));
            }
        }
    }

    [Test]
    public void Managed_group_contributions_refuse_a_model_that_mixes_groups()
    {
        using var booster = Train(Parameters("rank:ndcg"), rounds: 30);
        var ensemble = TreeEnsemble.Parse(booster.SaveJson());

        Assert.Throws<InvalidOperationException>(() =>
            ensemble.GroupContributions(Rows(1, seed: 24, missingRate: 0), FeatureGroup, new double[GroupCount]));
    }

    [Test]
    public void A_coarser_grouping_keeps_a_constrained_model_additive()
    {
        using var booster = Train(AdditiveParameters("rank:ndcg"), rounds: 40);
        var ensemble = TreeEnsemble.Parse(booster.SaveJson());
        int[] twoGroups = [.. FeatureGroup.Select(g => g < 2 ? 0 : 1)];
        int[] splitGroup = [.. FeatureGroup.Select((g, f) => f == 5 ? GroupCount : g)];

        Assert.That(ensemble.IsAdditiveOver(twoGroups), Is.True);
        Assert.That(ensemble.IsAdditiveOver(splitGroup), Is.False);
    }
}
