using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;
using Matching.Core.Features;

namespace Matching.Core.Model;

/// <summary>
/// The ML.NET side of a model: <c>model.zip</c> is the record (what was trained, loadable by any ML.NET
/// program); its trees, read out into a <see cref="TreeEnsemble"/>, serve. The two are checked against each
/// other on every load.
/// </summary>
public static class MlNetModel
{
    public const string FileName = "model.zip";

    /// <summary>LightGBM binary (staffed or not), its margin the log-odds of being staffed.</summary>
    public const string Binary = "binary";

    /// <summary>LightGBM LambdaRank on the graded outcomes; its score only orders candidates.</summary>
    public const string LambdaRank = "lambdarank";

    /// <summary>The one input column a served model reads: the feature vector in schema order.</summary>
    public const string FeaturesColumn = "Features";

    sealed class FeatureRow
    {
        public float[] Features { get; set; } = [];
    }

    /// <summary>An input schema with the feature vector's width fixed, as ML.NET needs it.</summary>
    internal static SchemaDefinition Schema<T>()
    {
        var schema = SchemaDefinition.Create(typeof(T));
        schema[FeaturesColumn].ColumnType = new VectorDataViewType(NumberDataViewType.Single, FeatureSchema.Count);
        return schema;
    }

    public static ITransformer Load(MLContext ml, string path)
    {
        using var file = File.OpenRead(path);
        return ml.Model.Load(file, out _);
    }

    /// <summary>The trees of a LightGbm binary (calibrated) or ranking model.</summary>
    public static RegressionTreeEnsemble Trees(ITransformer model) =>
        (model as ISingleFeaturePredictionTransformer<object>)?.Model switch
        {
            CalibratedModelParametersBase<LightGbmBinaryModelParameters, PlattCalibrator> binary => binary.SubModel.TrainedTreeEnsemble,
            LightGbmBinaryModelParameters raw => raw.TrainedTreeEnsemble,
            LightGbmRankingModelParameters ranking => ranking.TrainedTreeEnsemble,
            var other => throw new NotSupportedException($"The model is {other?.GetType().Name ?? model.GetType().Name}; only LightGbm binary and ranking models are served."),
        };

    /// <summary>
    /// The model's trees in the managed evaluator. ML.NET sends a value left when <c>x ≤ threshold</c>; the
    /// evaluator, like XGBoost, when <c>x &lt; condition</c>: the condition is the next float above the
    /// threshold, which is the same test for every float. A missing value takes the split's default value
    /// (<see cref="LightGbmInternals.MissingValueDefaults"/>), so it goes left exactly when that default is ≤ the threshold.
    /// </summary>
    public static TreeEnsemble Extract(ITransformer model, string objective, IReadOnlyList<float>? expectedValues)
    {
        var ensemble = Trees(model);
        var trees = ensemble.Trees.Select((tree, t) => Nodes(tree, ensemble.TreeWeights[t], t)).ToList();
        var expected = expectedValues ?? [.. Enumerable.Repeat(0f, trees.Count)];
        return TreeEnsemble.FromTrees(FeatureSchema.Count, objective, (float)ensemble.Bias, trees, expected);
    }

    static TreeEnsemble.TreeNodes Nodes(RegressionTree tree, double weight, int index)
    {
        if (tree.CategoricalSplitFlags.Any(c => c))
        {
            throw new NotSupportedException($"Tree {index} has categorical splits, which are not supported.");
        }

        var splits = tree.NumberOfNodes;
        var count = splits + tree.NumberOfLeaves;
        var left = new int[count];
        var right = new int[count];
        var features = new int[count];
        var conditions = new float[count];
        var defaultLeft = new bool[count];
        var covers = new float[count];
        Array.Fill(covers, 1f);
        var defaults = splits > 0 ? LightGbmInternals.MissingValueDefaults(tree) : null;
        int Child(int child) => child >= 0 ? child : splits + ~child;
        for (var i = 0; i < splits; i++)
        {
            var threshold = tree.NumericalSplitThresholds[i];
            left[i] = Child(tree.LeftChild[i]);
            right[i] = Child(tree.RightChild[i]);
            features[i] = tree.NumericalSplitFeatureIndexes[i];
            conditions[i] = MathF.BitIncrement(threshold);
            defaultLeft[i] = defaults is not null && defaults[i] <= threshold;
        }

        for (var j = 0; j < tree.NumberOfLeaves; j++)
        {
            left[splits + j] = right[splits + j] = -1;
            conditions[splits + j] = (float)(tree.LeafValues[j] * weight);
        }

        return new TreeEnsemble.TreeNodes(left, right, features, conditions, defaultLeft, covers);
    }

    /// <summary>ML.NET's own scores (the <c>Score</c> column: the margin) for <paramref name="count"/> rows.</summary>
    public static float[] Score(MLContext ml, ITransformer model, ReadOnlySpan<float> rows, int count)
    {
        var width = FeatureSchema.Count;
        var input = new FeatureRow[count];
        for (var i = 0; i < count; i++)
        {
            input[i] = new FeatureRow { Features = rows.Slice(i * width, width).ToArray() };
        }

        var data = ml.Data.LoadFromEnumerable(input, Schema<FeatureRow>());
        return [.. model.Transform(data).GetColumn<float>("Score")];
    }

    /// <summary>Writes the model as ONNX (Microsoft.ML.OnnxConverter): input "Features" (float[N, features]), output "Score".</summary>
    public static void ExportOnnx(MLContext ml, ITransformer model, Stream output)
    {
        var sample = ml.Data.LoadFromEnumerable([new FeatureRow { Features = new float[FeatureSchema.Count] }], Schema<FeatureRow>());
        ml.Model.ConvertToOnnx(model, sample, output);
    }
}
