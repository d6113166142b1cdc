using System.Text.Json.Nodes;
using Matching.Core.Model;
using Matching.Training;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Matching.Core.Features;
using Matching.Tests.Training;

namespace Matching.Tests.Model;

/// <summary>
/// What data scientists keep: an XGBoost JSON model trained in Python is served (the committed fixtures were
/// made once with Debian's python3-xgboost by scripts/python/make_fixture.sh), and the service's own models go
/// to Python and elsewhere as ONNX.
/// </summary>
public class BringYourOwnModelTests
{
    static string Copy(string fixture)
    {
        var directory = TrainingFixture.Scratch($"python-{fixture}");
        Directory.CreateDirectory(directory);
        foreach (var file in new[] { "model.json", "card.json" })
        {
            File.Copy(Path.Combine(PythonFixtures.Directory(fixture), file), Path.Combine(directory, file));
        }

        return directory;
    }

    [TestCase("binary")]
    [TestCase("rank")]
    public void A_model_trained_in_python_is_served_with_pythons_scores_and_exact_explanations(string fixture)
    {
        var model = RankingModel.Load(Copy(fixture));
        var (rows, count) = PythonFixtures.Rows(PythonFixtures.Directory(fixture));
        var python = PythonFixtures.Margins(PythonFixtures.Directory(fixture));
        var margins = new float[count];

        model.PredictMargins(rows, count, margins);

        Assert.That(model.Format, Is.EqualTo("XGBoost JSON"));
        Assert.That(model.Version, Does.StartWith("xgb-"));
        Assert.That(Enumerable.Range(0, count).Max(i => Math.Abs(margins[i] - python[i])), Is.LessThanOrEqualTo(1e-5));
        var factors = model.Explain(rows, [0, 1, 2]);
        for (var k = 0; k < 3; k++)
        {
            var f = factors[k];
            Assert.That(f.Baseline + f.Skills + f.Experience + f.Availability + f.Aspirations + f.Context, Is.EqualTo(margins[k]).Within(1e-4));
        }
    }

    [Test]
    public void A_python_model_declaring_another_schema_is_refused()
    {
        var directory = Copy("binary");
        var card = Path.Combine(directory, "card.json");
        File.WriteAllText(card, File.ReadAllText(card).Replace("\"version\": 2", "\"version\": 1", StringComparison.Ordinal));

        Assert.That(() => RankingModel.Load(directory), Throws.InstanceOf<ModelLoadException>().With.Message.Contains("matching-features/v1"));
    }

    [TestCase("1e38")]
    [TestCase("-3e20")]
    public void A_model_with_absurd_leaves_is_refused(string leaf)
    {
        var directory = Copy("binary");
        var path = Path.Combine(directory, "model.json");
        var model = JsonNode.Parse(File.ReadAllText(path))!;
        var tree = model["learner"]!["gradient_booster"]!["model"]!["trees"]![3]!;
        var left = tree["left_children"]!.AsArray();
        var leafIndex = Enumerable.Range(0, left.Count).First(i => left[i]!.GetValue<int>() == -1);
        tree["split_conditions"]![leafIndex] = JsonValue.Create(float.Parse(leaf, System.Globalization.CultureInfo.InvariantCulture));
        File.WriteAllText(path, model.ToJsonString());

        Assert.That(() => RankingModel.Load(directory), Throws.InstanceOf<ModelLoadException>().With.Message.Contains("a leaf holds"));
    }

    [Test]
    public void A_changed_model_never_serves_under_its_old_version()
    {
        var directory = Copy("binary");
        var before = RankingModel.Load(directory).Version;
        var path = Path.Combine(directory, "model.json");
        var model = JsonNode.Parse(File.ReadAllText(path))!;
        var tree = model["learner"]!["gradient_booster"]!["model"]!["trees"]![0]!;
        var left = tree["left_children"]!.AsArray();
        var leafIndex = Enumerable.Range(0, left.Count).First(i => left[i]!.GetValue<int>() == -1);
        tree["split_conditions"]![leafIndex] = JsonValue.Create(tree["split_conditions"]![leafIndex]!.GetValue<float>() + 0.01f);
        File.WriteAllText(path, model.ToJsonString());

        Assert.That(RankingModel.Load(directory).Version, Is.Not.EqualTo(before), "the card still names the old version; the service does not");
    }

    [Test]
    public void A_model_exported_as_onnx_scores_as_mlnet_does_in_onnx_runtime()
    {
        var history = HistoryFeatures.Build(TrainingFixture.History, TestCatalog.Shared, threads: 2);
        var options = new TrainingOptions { MaxRounds = 40, EarlyStoppingRounds = 10 };
        var trained = Trainer.Train(HistorySplit.ByTime(history.Missions, null, options), [history.Input], 0, options, null);
        var ml = new MLContext(seed: 0);
        var transformer = ml.Model.Load(new MemoryStream(trained.ModelZip), out _);
        using var onnx = new MemoryStream();
        MlNetModel.ExportOnnx(ml, transformer, onnx);

        var (rows, count) = (RankingModel.CanaryRows(256), 256);
        var expected = MlNetModel.Score(ml, transformer, rows, count);
        using var session = new InferenceSession(onnx.ToArray());
        var input = new DenseTensor<float>(rows, [count, FeatureSchema.Count]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.First(), input)]);
        var scores = results.First(r => r.Name.StartsWith("Score", StringComparison.Ordinal)).AsEnumerable<float>().ToArray();

        Assert.That(scores, Has.Length.EqualTo(count));
        Assert.That(Enumerable.Range(0, count).Max(i => Math.Abs(scores[i] - expected[i])), Is.LessThanOrEqualTo(1e-4));
    }
}
