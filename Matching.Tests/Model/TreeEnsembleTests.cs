using System.Text;
using System.Text.Json.Nodes;
using Matching.Core.Features;
using Matching.Core.Model;
using static Matching.Tests.Model.TrainedModels;

namespace Matching.Tests.Model;

/// <summary>The managed evaluator against ML.NET's own scoring, and the XGBoost JSON reader against Python's xgboost.</summary>
public class TreeEnsembleTests
{
    private const int RowCount = 5000;

    /// <summary>ML.NET sums leaves in double, the evaluator in float32: they agree to a few units in the last place.</summary>
    private const double Tolerance = 1e-5;

    [TestCase(true, 0.15)]
    [TestCase(false, 0.15)]
    [TestCase(true, 0.0)]
    public void Extracted_trees_score_as_mlnet_does_missing_values_included(bool constrained, double missingRate)
    {
        var trained = Binary(constrained);
        var rows = Rows(RowCount, seed: 11, missingRate);
        var margins = new float[RowCount];

        trained.Trees.PredictMargin(rows, RowCount, margins);
        var expected = trained.MlNetScores(rows, RowCount);

        var worst = Enumerable.Range(0, RowCount).Max(i => Math.Abs(margins[i] - expected[i]));
        TestContext.Out.WriteLine($"largest difference {worst:E2} over {RowCount} rows");
        Assert.That(worst, Is.LessThanOrEqualTo(Tolerance));
    }

    [Test]
    public void Extracted_trees_score_as_mlnet_does_on_values_at_split_thresholds()
    {
        var trained = Binary(constrained: false);
        var thresholds = Enumerable.Range(0, FeatureCount).Select(_ => new List<float>()).ToArray();
        foreach (var tree in MlNetModel.Trees(trained.Model).Trees)
        {
            for (var n = 0; n < tree.NumberOfNodes; n++)
            {
                thresholds[tree.NumericalSplitFeatureIndexes[n]].Add(tree.NumericalSplitThresholds[n]);
            }
        }

        var random = new Random(13);
        var rows = new float[RowCount * FeatureCount];
        for (var i = 0; i < rows.Length; i++)
        {
            var candidates = thresholds[i % FeatureCount];
            var pick = random.Next(candidates.Count + 1);
            rows[i] = pick == candidates.Count ? float.NaN : random.Next(3) switch
            {
                0 => candidates[pick],
                1 => MathF.BitDecrement(candidates[pick]),
                _ => MathF.BitIncrement(candidates[pick]),
            };
        }

        var margins = new float[RowCount];
        trained.Trees.PredictMargin(rows, RowCount, margins);
        var expected = trained.MlNetScores(rows, RowCount);

        Assert.That(Enumerable.Range(0, RowCount).Max(i => Math.Abs(margins[i] - expected[i])), Is.LessThanOrEqualTo(Tolerance));
    }

    [TestCase(1)]
    [TestCase(3)]
    [TestCase(67)]
    [TestCase(4099)]
    public void Batch_size_does_not_change_a_rows_margin(int rowCount)
    {
        var ensemble = Binary(constrained: true).Trees;
        var rows = Rows(rowCount, seed: 14, missingRate: 0.1);
        var batch = new float[rowCount];
        var one = new float[1];

        ensemble.PredictMargin(rows, rowCount, batch);

        for (var r = 0; r < rowCount; r += 97)
        {
            ensemble.PredictMargin(rows.AsSpan(r * FeatureCount, FeatureCount), 1, one);
            Assert.That(batch[r], Is.EqualTo(one[0]), $"row {r}");
        }
    }

    [Test]
    public void Constraints_set_through_the_native_options_keep_every_tree_in_one_factor_and_monotone()
    {
        var constrained = Binary(constrained: true).Trees;
        var free = Binary(constrained: false).Trees;
        int[] monotone = [.. FeatureSchema.Features.Select(f => f.Monotone)];

        Assert.That(constrained.IsAdditiveOver(FeatureSchema.FactorOfFeature()), Is.True, "every tree within one factor");
        Assert.That(constrained.MonotoneViolation(monotone, FeatureSchema.Names), Is.Null);
        // The checks can fail: the same data without the constraints mixes factors and breaks monotonicity.
        Assert.That(free.IsAdditiveOver(FeatureSchema.FactorOfFeature()), Is.False);
        Assert.That(free.MonotoneViolation(monotone, FeatureSchema.Names), Is.Not.Null);
    }

    [Test]
    public void Factor_contributions_plus_the_reference_add_up_to_the_margin()
    {
        var trained = Binary(constrained: true);
        var rows = Rows(300, seed: 21, missingRate: 0.1);
        var references = trained.Trees.MeanLeafValues(Rows(2000, seed: 22, missingRate: 0.1), 2000);
        var trees = MlNetModel.Extract(trained.Model, MlNetModel.Binary, references);
        var factors = Enum.GetValues<Factor>().Length;
        var contributions = new double[300 * factors];
        var margins = new float[300];

        trees.GroupContributions(rows, 300, FeatureSchema.FactorOfFeature(), contributions);
        trees.PredictMargin(rows, 300, margins);

        for (var r = 0; r < 300; r++)
        {
            var sum = trees.Bias + Enumerable.Range(0, factors).Sum(k => contributions[r * factors + k]);
            Assert.That(sum, Is.EqualTo(margins[r]).Within(1e-4), $"row {r}");
        }

        // Measured from the average: over the reference rows, each factor averages about zero.
        Assert.That(trees.Bias, Is.Not.EqualTo(Binary(constrained: true).Trees.Bias));
    }

    [TestCase("binary")]
    [TestCase("rank")]
    public void An_xgboost_model_made_in_python_scores_as_python_did(string fixture)
    {
        var directory = PythonFixtures.Directory(fixture);
        var ensemble = XgboostJson.Parse(File.ReadAllBytes(Path.Combine(directory, "model.json")));
        var (rows, count) = PythonFixtures.Rows(directory);
        var expected = PythonFixtures.Margins(directory);
        var margins = new float[count];

        ensemble.PredictMargin(rows, count, margins);

        Assert.That(count, Is.EqualTo(expected.Length));
        Assert.That(Enumerable.Range(0, count).Max(i => Math.Abs(margins[i] - expected[i])), Is.LessThanOrEqualTo(1e-5));
    }

    [Test]
    public void Categorical_split_is_rejected()
    {
        var model = PythonFixtures.Json("binary");
        model["learner"]!["gradient_booster"]!["model"]!["trees"]![1]!["split_type"]![0] = 1;

        var error = Assert.Throws<NotSupportedException>(() => XgboostJson.Parse(Encoding.UTF8.GetBytes(model.ToJsonString())));

        Assert.That(error.Message, Does.Contain("categorical"));
    }

    [Test]
    public void Linear_booster_is_rejected()
    {
        var model = PythonFixtures.Json("binary");
        model["learner"]!["gradient_booster"]!["name"] = "gblinear";

        var error = Assert.Throws<NotSupportedException>(() => XgboostJson.Parse(Encoding.UTF8.GetBytes(model.ToJsonString())));

        Assert.That(error.Message, Does.Contain("gblinear"));
    }

    [Test]
    public void Multi_class_model_is_rejected()
    {
        var model = PythonFixtures.Json("binary");
        model["learner"]!["learner_model_param"]!["num_class"] = "5";

        var error = Assert.Throws<NotSupportedException>(() => XgboostJson.Parse(Encoding.UTF8.GetBytes(model.ToJsonString())));

        Assert.That(error.Message, Does.Contain("Multi-class"));
    }

    [Test]
    public void Cyclic_tree_is_rejected_as_invalid()
    {
        var model = PythonFixtures.Json("binary");
        var left = model["learner"]!["gradient_booster"]!["model"]!["trees"]![0]!["left_children"]!.AsArray();
        var child = left[0]!.GetValue<int>();
        left[child] = 0;

        Assert.Throws<InvalidDataException>(() => XgboostJson.Parse(Encoding.UTF8.GetBytes(model.ToJsonString())));
    }

    [Test]
    public void Garbage_is_rejected_as_invalid()
    {
        Assert.Throws<InvalidDataException>(() => XgboostJson.Parse("{\"learner\": 3}"u8.ToArray()));
    }

    [Test]
    public void Rows_of_the_wrong_width_are_rejected()
    {
        var ensemble = Binary(constrained: true).Trees;

        Assert.Throws<ArgumentException>(() => ensemble.PredictMargin(new float[3 * (FeatureCount - 1)], 3, new float[3]));
    }
}

/// <summary>The committed models made once in Python (scripts/python/make_fixture.sh), with the rows and margins Python gave.</summary>
internal static class PythonFixtures
{
    public static string Directory(string name) => RepositoryFiles.Path("Matching.Tests", "Model", "Fixtures", $"python-xgboost-{name}");

    public static JsonNode Json(string name) => JsonNode.Parse(File.ReadAllText(Path.Combine(Directory(name), "model.json")))!;

    public static (float[] Rows, int Count) Rows(string directory)
    {
        var lines = File.ReadLines(Path.Combine(directory, "features.csv")).Skip(1).ToList();
        var rows = new float[lines.Count * FeatureSchema.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            var cells = lines[i].Split(',');
            for (var f = 0; f < FeatureSchema.Count; f++)
            {
                rows[i * FeatureSchema.Count + f] = cells[3 + f].Length == 0 ? float.NaN : float.Parse(cells[3 + f], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return (rows, lines.Count);
    }

    public static float[] Margins(string directory) =>
        [.. File.ReadLines(Path.Combine(directory, "margins.txt")).Where(l => l.Length > 0).Select(l => float.Parse(l, System.Globalization.CultureInfo.InvariantCulture))];
}
