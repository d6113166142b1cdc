using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Matching.Core.Model;
using static Matching.Tests.Model.TrainedModels;

namespace Matching.Tests.Model;

public class TreeEnsembleTests
{
    private const int RowCount = 5000;

    [TestCase("rank:ndcg", null)]
    [TestCase("rank:pairwise", null)]
    [TestCase("binary:logistic", null)]
    [TestCase("binary:logistic", "0.3")]
    [TestCase("reg:squarederror", "1.7")]
    [TestCase("count:poisson", "1.5")]
    public void Managed_margins_equal_libxgboost_bit_for_bit(string objective, string? baseScore)
    {
        var parameters = Parameters(objective);
        if (baseScore is not null)
        {
            parameters["base_score"] = baseScore;
        }
        using var booster = Train(parameters, rounds: 40);
        var ensemble = TreeEnsemble.Parse(booster.SaveJson());
        var rows = Rows(RowCount, seed: 11, missingRate: 0.15);
        using var matrix = new DMatrix(rows, RowCount, FeatureCount);
        var margins = new float[RowCount];

        ensemble.PredictMargin(rows, RowCount, margins);

        Assert.That(margins, Is.EqualTo(booster.PredictMargin(matrix)));
    }

    [Test]
    public void Managed_margins_equal_libxgboost_without_missing_values_and_with_constraints()
    {
        using var booster = Train(AdditiveParameters("rank:ndcg"), rounds: 60, missingRate: 0);
        var ensemble = TreeEnsemble.Parse(booster.SaveJson());
        var rows = Rows(RowCount, seed: 12, missingRate: 0);
        var margins = new float[RowCount];

        ensemble.PredictMargin(rows, RowCount, margins);

        Assert.That(margins, Is.EqualTo(booster.InplacePredictMargin(rows, RowCount, FeatureCount)));
    }

    [Test]
    public void Managed_margins_equal_libxgboost_on_values_at_split_thresholds()
    {
        using var booster = Train(Parameters("rank:ndcg"), rounds: 40);
        var json = booster.SaveJson();
        var thresholds = SplitThresholds(json);
        var random = new Random(13);
        var rows = new float[RowCount * FeatureCount];
        for (var i = 0; i < rows.Length; i++)
        {
            var candidates = thresholds[i % FeatureCount];
            var pick = random.Next(candidates.Count + 1);
            rows[i] = pick == candidates.Count
                ? float.NaN
                : random.Next(3) switch
                {
                    0 => candidates[pick],
                    1 => MathF.BitDecrement(candidates[pick]),
                    _ => MathF.BitIncrement(candidates[pick]),
                };
        }
        var margins = new float[RowCount];

        TreeEnsemble.Parse(json).PredictMargin(rows, RowCount, margins);

        Assert.That(margins, Is.EqualTo(booster.InplacePredictMargin(rows, RowCount, FeatureCount)));
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(67)]
    [TestCase(4099)]
    public void Batch_size_does_not_change_a_rows_margin(int rowCount)
    {
        using var booster = Train(Parameters("rank:ndcg"), rounds: 20);
        var ensemble = TreeEnsemble.Parse(booster.SaveJson());
        var rows = Rows(rowCount, seed: 14, missingRate: 0.1);
        var batch = new float[rowCount];
        var one = new float[1];

        ensemble.PredictMargin(rows, rowCount, batch);

        for (var r = 0; r < rowCount; r += 97)
        {
            ensemble.PredictMargin(rows.AsSpan(r * FeatureCount, FeatureCount), 1, one);
            Assert.That(batch[r], Is.EqualTo(one[0]), $"row {r}");
        }
        Assert.That(batch, Is.EqualTo(booster.InplacePredictMargin(rows, rowCount, FeatureCount)));
    }

    [Test]
    public void Dart_with_unit_weights_is_evaluated_exactly()
    {
        var parameters = Parameters("rank:ndcg");
        parameters["booster"] = "dart";
        parameters["rate_drop"] = "0";
        using var booster = Train(parameters, rounds: 10);
        var rows = Rows(1000, seed: 15, missingRate: 0.1);
        using var matrix = new DMatrix(rows, 1000, FeatureCount);
        var margins = new float[1000];

        TreeEnsemble.Parse(booster.SaveJson()).PredictMargin(rows, 1000, margins);

        // Not in-place: for DART, libxgboost 1.7.4's in-place margins differ from its own DMatrix
        // margins in the last bits on this data (docs/xgboost.md); the DMatrix path is the reference.
        Assert.That(margins, Is.EqualTo(booster.PredictMargin(matrix)));
    }

    [Test]
    public void Dart_with_dropout_weights_is_rejected()
    {
        var parameters = Parameters("rank:ndcg");
        parameters["booster"] = "dart";
        parameters["rate_drop"] = "0.5";
        using var booster = Train(parameters, rounds: 10);

        var error = Assert.Throws<NotSupportedException>(() => TreeEnsemble.Parse(booster.SaveJson()));

        Assert.That(error.Message, Does.Contain("DART"));
    }

    [Test]
    public void Linear_booster_is_rejected()
    {
        var parameters = Parameters("reg:squarederror");
        parameters["booster"] = "gblinear";
        using var booster = Train(parameters, rounds: 3);

        var error = Assert.Throws<NotSupportedException>(() => TreeEnsemble.Parse(booster.SaveJson()));

        Assert.That(error.Message, Does.Contain("gblinear"));
    }

    [Test]
    public void Multi_class_model_is_rejected()
    {
        var parameters = Parameters("multi:softprob");
        parameters["num_class"] = "5";
        using var booster = Train(parameters, rounds: 2);

        var error = Assert.Throws<NotSupportedException>(() => TreeEnsemble.Parse(booster.SaveJson()));

        Assert.That(error.Message, Does.Contain("Multi-class"));
    }

    [Test]
    public void Categorical_split_is_rejected()
    {
        using var booster = Train(Parameters("rank:ndcg"), rounds: 2);
        var model = JsonNode.Parse(booster.SaveJson())!;
        var tree = model["learner"]!["gradient_booster"]!["model"]!["trees"]![1]!;
        tree["split_type"]![0] = 1;

        var error = Assert.Throws<NotSupportedException>(() => TreeEnsemble.Parse(Encoding.UTF8.GetBytes(model.ToJsonString())));

        Assert.That(error.Message, Does.Contain("categorical"));
    }

    [Test]
    public void Cyclic_tree_is_rejected_as_invalid()
    {
        using var booster = Train(Parameters("rank:ndcg"), rounds: 1);
        var model = JsonNode.Parse(booster.SaveJson())!;
        var tree = model["learner"]!["gradient_booster"]!["model"]!["trees"]![0]!;
        var left = tree["left_children"]!.AsArray();
        var child = left[0]!.GetValue<int>();
        left[child] = 0;

        Assert.Throws<InvalidDataException>(() => TreeEnsemble.Parse(Encoding.UTF8.GetBytes(model.ToJsonString())));
    }

    [Test]
    public void Garbage_is_rejected_as_invalid()
    {
        Assert.Throws<InvalidDataException>(() => TreeEnsemble.Parse("{\"learner\": 3}"u8.ToArray()));
    }

    [Test]
    public void Rows_of_the_wrong_width_are_rejected()
    {
        using var booster = Train(Parameters("rank:ndcg"), rounds: 1);
        var ensemble = TreeEnsemble.Parse(booster.SaveJson());

        Assert.Throws<ArgumentException>(() => ensemble.PredictMargin(new float[3 * (FeatureCount - 1)], 3, new float[3]));
    }

    private static List<float>[] SplitThresholds(byte[] json)
    {
        var thresholds = Enumerable.Range(0, FeatureCount).Select(_ => new List<float>()).ToArray();
        using var model = JsonDocument.Parse(json);
        foreach (var tree in model.RootElement.GetProperty("learner").GetProperty("gradient_booster").GetProperty("model").GetProperty("trees").EnumerateArray())
        {
            var left = tree.GetProperty("left_children").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var features = tree.GetProperty("split_indices").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var conditions = tree.GetProperty("split_conditions").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            for (var node = 0; node < left.Length; node++)
            {
                if (left[node] != -1)
                {
                    thresholds[features[node]].Add(conditions[node]);
                }
            }
        }
        foreach (var list in thresholds.Where(l => l.Count == 0))
        {
            list.Add(0.5f);
        }
        return thresholds;
    }
}
