using System.Text.Json;
using Matching.Core.Model;
using Matching.Core.Model.Native;
using static Matching.Tests.Model.TrainedModels;

namespace Matching.Tests.Model;

public class BoosterTests
{
    [Test]
    public void Loaded_library_is_xgboost_1_7()
    {
        var version = Booster.LibraryVersion;

        Assert.That((version.Major, version.Minor), Is.EqualTo((1, 7)));
    }

    [Test]
    public void Missing_library_names_the_debian_package()
    {
        var error = Assert.Throws<DllNotFoundException>(() => XGBoostNative.Load(["libxgboost-absent.so.99"]));

        Assert.That(error.Message, Does.Contain("libxgboost0").And.Contain("libxgboost-absent.so.99"));
    }

    [Test]
    public void Loading_garbage_json_throws_with_the_native_message()
    {
        var error = Assert.Throws<XGBoostException>(() => Booster.LoadJson("{\"learner\": [1, 2"u8));

        Assert.That(error.Message, Does.Contain("json.cc"));
    }

    [Test]
    public void Loading_an_empty_buffer_is_refused_before_reaching_libxgboost()
    {
        Assert.Throws<ArgumentException>(() => Booster.LoadJson([]));
    }

    [Test]
    public void Invalid_parameter_surfaces_as_XGBoostException_when_training()
    {
        var parameters = Parameters("rank:ndcg");
        parameters["max_depth"] = "deep";

        var error = Assert.Throws<XGBoostException>(() => Train(parameters, rounds: 1).Dispose());

        Assert.That(error.Message, Does.Contain("max_depth"));
    }

    [Test]
    public void Inplace_prediction_equals_dmatrix_prediction()
    {
        using var booster = Train(Parameters("rank:ndcg"), rounds: 30);
        var rows = Rows(3000, seed: 2, missingRate: 0.2);
        using var matrix = new DMatrix(rows, 3000, FeatureCount);

        var inplace = booster.InplacePredictMargin(rows, 3000, FeatureCount);

        Assert.That(inplace, Is.EqualTo(booster.PredictMargin(matrix)));
    }

    [Test]
    public void Model_saved_to_json_and_reloaded_predicts_identically()
    {
        using var booster = Train(Parameters("binary:logistic"), rounds: 20);
        var rows = Rows(2000, seed: 3, missingRate: 0.1);
        using var matrix = new DMatrix(rows, 2000, FeatureCount);
        var json = booster.SaveJson();
        var path = Path.Combine(Path.GetTempPath(), $"matching-{Guid.NewGuid():N}.json");
        File.WriteAllBytes(path, json);
        try
        {
            using var fromBuffer = Booster.LoadJson(json);
            using var fromFile = Booster.Load(path);

            Assert.That(fromBuffer.PredictMargin(matrix), Is.EqualTo(booster.PredictMargin(matrix)));
            Assert.That(fromFile.PredictMargin(matrix), Is.EqualTo(booster.PredictMargin(matrix)));
            Assert.That(fromBuffer.SaveJson(), Is.EqualTo(json));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Same_data_seed_and_threads_give_identical_model_bytes()
    {
        var parameters = Parameters("rank:ndcg");
        parameters["subsample"] = "0.7";
        parameters["colsample_bytree"] = "0.7";
        var otherSeed = new Dictionary<string, string>(parameters) { ["seed"] = "8" };

        using var first = Train(parameters, rounds: 15);
        using var second = Train(parameters, rounds: 15);
        using var third = Train(otherSeed, rounds: 15);

        Assert.That(second.SaveJson(), Is.EqualTo(first.SaveJson()));
        Assert.That(third.SaveJson(), Is.Not.EqualTo(first.SaveJson()), "the seed must matter, or the first assertion proves nothing");
    }

    [Test]
    public void Slice_keeps_the_first_rounds()
    {
        using var twenty = Train(Parameters("rank:ndcg"), rounds: 20);
        using var ten = Train(Parameters("rank:ndcg"), rounds: 10);
        var rows = Rows(1000, seed: 4, missingRate: 0.1);
        using var matrix = new DMatrix(rows, 1000, FeatureCount);

        using var slice = twenty.Slice(0, 10);

        Assert.That(slice.BoostedRounds, Is.EqualTo(10));
        Assert.That(slice.PredictMargin(matrix), Is.EqualTo(ten.PredictMargin(matrix)));
    }

    [Test]
    public void Slice_beyond_the_boosted_rounds_is_out_of_range()
    {
        using var booster = Train(Parameters("rank:ndcg"), rounds: 5);

        Assert.Throws<ArgumentOutOfRangeException>(() => booster.Slice(0, 6).Dispose());
    }

    [Test]
    public void Evaluation_reports_each_set_and_metric()
    {
        var parameters = Parameters("rank:ndcg");
        var trainRows = Rows(1000, seed: 5, missingRate: 0.1);
        var validationRows = Rows(400, seed: 6, missingRate: 0.1);
        using var train = Matrix(trainRows, 1000, "rank:ndcg", seed: 5);
        using var validation = Matrix(validationRows, 400, "rank:ndcg", seed: 6);
        using var booster = new Booster(train, validation);
        foreach (var (name, value) in parameters)
        {
            booster.SetParam(name, value);
        }
        booster.SetParam("eval_metric", "ndcg@5");
        booster.SetParam("eval_metric", "map@5");
        for (var i = 0; i < 10; i++)
        {
            booster.UpdateOneIter(i, train);
        }

        var evaluation = booster.EvalOneIter(9, ("train", train), ("validation", validation));

        Assert.That(evaluation.Text, Does.StartWith("[9]\t"));
        Assert.That(evaluation.Metrics.Keys, Is.EquivalentTo(new[] { "train-ndcg@5", "train-map@5", "validation-ndcg@5", "validation-map@5" }));
        Assert.That(evaluation.Metrics.Values, Is.All.InRange(0.0, 1.0));
        Assert.That(evaluation.Metrics["train-ndcg@5"], Is.GreaterThan(evaluation.Metrics["validation-ndcg@5"]));
    }

    [Test]
    public void Weight_importance_counts_the_splits_on_each_feature()
    {
        using var booster = Train(Parameters("rank:ndcg"), rounds: 10);
        var expected = new Dictionary<string, float>();
        using var model = JsonDocument.Parse(booster.SaveJson());
        foreach (var tree in model.RootElement.GetProperty("learner").GetProperty("gradient_booster").GetProperty("model").GetProperty("trees").EnumerateArray())
        {
            var left = tree.GetProperty("left_children").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var features = tree.GetProperty("split_indices").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            for (var node = 0; node < left.Length; node++)
            {
                if (left[node] != -1)
                {
                    var name = $"f{features[node]}";
                    expected[name] = expected.GetValueOrDefault(name) + 1;
                }
            }
        }

        Assert.That(booster.FeatureScore("weight"), Is.EquivalentTo(expected));
        Assert.That(booster.FeatureScore("total_gain").Keys, Is.EquivalentTo(expected.Keys));
    }

    [Test]
    public void Parallel_predictions_equal_serial_ones()
    {
        using var trained = Train(Parameters("rank:ndcg"), rounds: 40);
        using var booster = Booster.LoadJson(trained.SaveJson());
        const int threads = 8, rounds = 30, rowCount = 300;
        var rows = Enumerable.Range(0, threads).Select(t => Rows(rowCount + 7 * t, seed: 100 + t, missingRate: 0.1)).ToArray();
        var matrices = rows.Select((r, t) => new DMatrix(r, rowCount + 7 * t, FeatureCount)).ToArray();
        var serial = matrices.Select(m => (Margin: booster.PredictMargin(m), Shap: booster.PredictContributions(m))).ToArray();
        var mismatches = 0;
        var start = new Barrier(threads);

        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.SignalAndWait();
            for (var i = 0; i < rounds; i++)
            {
                var ok = booster.PredictMargin(matrices[t]).AsSpan().SequenceEqual(serial[t].Margin)
                         && booster.InplacePredictMargin(rows[t], rowCount + 7 * t, FeatureCount).AsSpan().SequenceEqual(serial[t].Margin)
                         && (i % 5 != 0 || booster.PredictContributions(matrices[t]).AsSpan().SequenceEqual(serial[t].Shap));
                if (!ok)
                {
                    Interlocked.Increment(ref mismatches);
                }
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());

        Assert.That(mismatches, Is.Zero);
        foreach (var matrix in matrices)
        {
            matrix.Dispose();
        }
    }

    [Test]
    public void Evaluation_text_parses_into_metric_values()
    {
        var evaluation = Evaluation.Parse("[12]\ttrain-ndcg@10:0.912345\tvalidation-ndcg@10:0.800000");

        Assert.That(evaluation.Metrics, Is.EquivalentTo(new Dictionary<string, double>
        {
            ["train-ndcg@10"] = 0.912345,
            ["validation-ndcg@10"] = 0.8,
        }));
    }

    [Test]
    public void Saved_json_names_the_version_and_objective()
    {
        using var booster = Train(Parameters("rank:ndcg"), rounds: 3);

        using var model = JsonDocument.Parse(booster.SaveJson());

        Assert.That(model.RootElement.GetProperty("version").EnumerateArray().Select(e => e.GetInt32()).Take(2), Is.EqualTo(new[] { 1, 7 }));
        Assert.That(model.RootElement.GetProperty("learner").GetProperty("objective").GetProperty("name").GetString(), Is.EqualTo("rank:ndcg"));
    }
}
