using System.Globalization;
using System.Text.Json;

namespace Matching.Core.Model;

/// <summary>
/// Reads a model saved by XGBoost 1.7 as JSON (Python's <c>booster.save_model("model.json")</c>) into the evaluator;
/// docs/model.md says why its margins equal libxgboost's bit for bit.
/// </summary>
public static class XgboostJson
{
    private static readonly Dictionary<string, Func<float, float>> BaseScoreToMargin = new()
    {
        // Checked against libxgboost 1.7.4 (docs/model.md): what each objective's ProbToMargin does.
        ["binary:logistic"] = Logit,
        ["reg:logistic"] = Logit,
        ["binary:logitraw"] = Identity,
        ["rank:ndcg"] = Identity,
        ["rank:pairwise"] = Identity,
        ["rank:map"] = Identity,
        ["reg:squarederror"] = Identity,
        ["reg:pseudohubererror"] = Identity,
        ["reg:absoluteerror"] = Identity,
        ["count:poisson"] = MathF.Log,
        ["reg:gamma"] = MathF.Log,
        ["reg:tweedie"] = MathF.Log,
    };

    /// <summary>Reads a model saved as XGBoost JSON (Python's <c>booster.save_model("model.json")</c>).</summary>
    /// <exception cref="NotSupportedException">The model uses something this evaluator does not replicate.</exception>
    /// <exception cref="InvalidDataException">The JSON is not a well-formed XGBoost tree model.</exception>
    public static TreeEnsemble Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Read(document.RootElement);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException or OverflowException)
        {
            throw new InvalidDataException($"Not an XGBoost JSON tree model: {e.Message}", e);
        }
    }

    private static TreeEnsemble Read(JsonElement root)
    {
        var learner = root.GetProperty("learner");
        var modelParam = learner.GetProperty("learner_model_param");
        var featureCount = ParseInt(modelParam.GetProperty("num_feature"));
        if (featureCount <= 0)
        {
            throw new InvalidDataException("The model declares no features (num_feature).");
        }
        var classCount = ParseInt(modelParam.GetProperty("num_class"));
        var targetCount = modelParam.TryGetProperty("num_target", out var target) ? ParseInt(target) : 1;
        if (classCount > 1 || targetCount > 1)
        {
            throw new NotSupportedException($"Multi-class or multi-output models are not supported (num_class {classCount}, num_target {targetCount}).");
        }

        var objective = learner.GetProperty("objective").GetProperty("name").GetString() ?? "";
        if (!BaseScoreToMargin.TryGetValue(objective, out var toMargin))
        {
            throw new NotSupportedException($"Objective '{objective}' is not supported; supported: {string.Join(", ", BaseScoreToMargin.Keys)}.");
        }
        var baseScore = float.Parse(modelParam.GetProperty("base_score").GetString() ?? "", NumberStyles.Float, CultureInfo.InvariantCulture);

        var booster = learner.GetProperty("gradient_booster");
        var boosterName = booster.GetProperty("name").GetString();
        JsonElement model;
        switch (boosterName)
        {
            case "gbtree":
                model = booster.GetProperty("model");
                break;
            case "dart":
                var weights = booster.GetProperty("weight_drop").EnumerateArray().Select(w => w.GetSingle()).ToList();
                if (weights.Any(w => w != 1.0f))
                {
                    throw new NotSupportedException("DART models whose tree weights are not all 1 are not supported.");
                }
                model = booster.GetProperty("gbtree").GetProperty("model");
                break;
            default:
                throw new NotSupportedException($"Booster '{boosterName}' is not supported; only tree boosters (gbtree, dart) are.");
        }

        var trees = new List<TreeEnsemble.TreeNodes>();
        foreach (var tree in model.GetProperty("trees").EnumerateArray())
        {
            trees.Add(ReadTree(tree, trees.Count));
        }
        var treeInfo = model.GetProperty("tree_info").EnumerateArray().Select(e => e.GetInt32()).ToList();
        if (treeInfo.Count != trees.Count || treeInfo.Any(g => g != 0))
        {
            throw new NotSupportedException("Trees for several output groups (multi-class) are not supported.");
        }
        return TreeEnsemble.FromTrees(featureCount, objective, toMargin(baseScore), trees, expectedValues: null);
    }

    private static TreeEnsemble.TreeNodes ReadTree(JsonElement tree, int index)
    {
        if (tree.TryGetProperty("split_type", out var splitTypes) && splitTypes.EnumerateArray().Any(s => s.GetInt32() != 0)
            || tree.TryGetProperty("categories_nodes", out var categoryNodes) && categoryNodes.GetArrayLength() > 0)
        {
            throw new NotSupportedException($"Tree {index} has categorical splits, which are not supported.");
        }
        return new TreeEnsemble.TreeNodes(
            Ints(tree, "left_children"),
            Ints(tree, "right_children"),
            Ints(tree, "split_indices"),
            Floats(tree, "split_conditions"),
            tree.GetProperty("default_left").EnumerateArray()
                .Select(e => e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean() : e.GetInt32() != 0).ToArray(),
            Floats(tree, "sum_hessian"));
    }

    private static float Logit(float probability) => -MathF.Log(1.0f / probability - 1.0f);

    private static float Identity(float value) => value;

    private static int ParseInt(JsonElement element) =>
        element.ValueKind == JsonValueKind.String
            ? int.Parse(element.GetString() ?? "", NumberStyles.Integer, CultureInfo.InvariantCulture)
            : element.GetInt32();

    private static int[] Ints(JsonElement tree, string name) =>
        tree.GetProperty(name).EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static float[] Floats(JsonElement tree, string name) =>
        tree.GetProperty(name).EnumerateArray().Select(e => e.GetSingle()).ToArray();
}
