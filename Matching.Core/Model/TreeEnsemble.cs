using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Matching.Core.Model;

/// <summary>
/// A managed evaluator of an XGBoost 1.7 tree model read from its JSON, giving the same margins
/// as libxgboost: float32 features, <c>value &lt; split_condition</c> goes left, NaN follows the
/// node's default direction, leaf values added in float32 in tree order onto the base margin.
/// </summary>
/// <remarks>
/// Nodes are renumbered breadth-first so an internal node's children are adjacent
/// (right = left + 1), which turns each step into arithmetic instead of a branch. A leaf points to
/// itself with a NaN threshold, so every row walks exactly the tree's depth without testing for
/// leaves. Instances are immutable and safe to share between threads.
/// </remarks>
public sealed unsafe class TreeEnsemble
{
    /// <summary>Rows scored together per pass over the trees, so a tree's nodes stay in cache.</summary>
    private const int BlockRows = 64;

    /// <summary>Below this many rows a batch is scored on the calling thread.</summary>
    internal const int ParallelRowThreshold = 2048;

    private const int MaxDepth = 64;

    private static readonly Dictionary<string, Func<float, float>> BaseScoreToMargin = new()
    {
        // Checked against libxgboost 1.7.4 (docs/xgboost.md): what each objective's ProbToMargin does.
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

    private readonly Node[] _nodes;
    private readonly float[] _leafValues;
    private readonly int[] _roots;
    private readonly int[] _depths;
    private readonly float[] _expectedValues;
    private readonly int[][] _splitFeatures;

    public int FeatureCount { get; }

    public int TreeCount => _roots.Length;

    /// <summary>The XGBoost objective the model was trained with, e.g. <c>rank:ndcg</c>.</summary>
    public string Objective { get; }

    /// <summary>The margin every row starts from: <c>base_score</c> mapped through the objective's link.</summary>
    public float BaseMargin { get; }

    /// <summary>
    /// The margin expected over the training data: <see cref="BaseMargin"/> plus each tree's
    /// cover-weighted mean leaf value. This is the SHAP bias; a row's contributions add up to its
    /// margin minus this.
    /// </summary>
    public double Bias { get; }

    private TreeEnsemble(int featureCount, string objective, float baseMargin, List<ParsedTree> trees)
    {
        FeatureCount = featureCount;
        Objective = objective;
        BaseMargin = baseMargin;
        var nodeCount = trees.Sum(t => t.Nodes.Length);
        _nodes = new Node[nodeCount];
        _leafValues = new float[nodeCount];
        _roots = new int[trees.Count];
        _depths = new int[trees.Count];
        _expectedValues = new float[trees.Count];
        _splitFeatures = new int[trees.Count][];
        var offset = 0;
        var bias = (double)baseMargin;
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            for (var i = 0; i < tree.Nodes.Length; i++)
            {
                var node = tree.Nodes[i];
                _nodes[offset + i] = node with { Left = node.Left + offset };
                _leafValues[offset + i] = tree.LeafValues[i];
            }
            _roots[t] = offset;
            _depths[t] = tree.Depth;
            _expectedValues[t] = tree.ExpectedValue;
            _splitFeatures[t] = tree.SplitFeatures;
            bias += tree.ExpectedValue;
            offset += tree.Nodes.Length;
        }
        Bias = bias;
    }

    /// <summary>Reads a model saved as XGBoost JSON (e.g. <see cref="Booster.SaveJson"/>).</summary>
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

    /// <summary>
    /// Writes each row's margin into <paramref name="margins"/>. Rows are dense, row-major,
    /// <see cref="FeatureCount"/> floats each, NaN for missing. Batches of at least
    /// 2048 rows are spread over the cores; smaller ones run on the calling thread.
    /// </summary>
    public void PredictMargin(ReadOnlySpan<float> rows, int rowCount, Span<float> margins) =>
        PredictMargin(rows, rowCount, margins, allowParallel: true);

    internal void PredictMargin(ReadOnlySpan<float> rows, int rowCount, Span<float> margins, bool allowParallel)
    {
        DMatrix.CheckShape(rows, rowCount, FeatureCount);
        if (margins.Length < rowCount)
        {
            throw new ArgumentException($"Need room for {rowCount} margins, got {margins.Length}.", nameof(margins));
        }
        fixed (float* rowData = rows)
        fixed (float* marginData = margins)
        {
            if (!allowParallel || rowCount < ParallelRowThreshold || Environment.ProcessorCount == 1)
            {
                PredictRange(rowData, marginData, 0, rowCount);
                return;
            }
            var rowAddress = (nint)rowData;
            var marginAddress = (nint)marginData;
            var blocks = (rowCount + BlockRows - 1) / BlockRows;
            var chunks = Math.Min(blocks, Environment.ProcessorCount * 4);
            Parallel.For(0, chunks, chunk =>
            {
                var start = (int)((long)blocks * chunk / chunks) * BlockRows;
                var end = Math.Min((int)((long)blocks * (chunk + 1) / chunks) * BlockRows, rowCount);
                PredictRange((float*)rowAddress, (float*)marginAddress, start, end);
            });
        }
    }

    /// <summary>True when every tree splits on features of a single group, so the margin is a sum of one function per group.</summary>
    /// <param name="featureGroup">The group index of each feature.</param>
    public bool IsAdditiveOver(int[] featureGroup)
    {
        CheckGroups(featureGroup);
        for (var t = 0; t < TreeCount; t++)
        {
            if (TreeGroup(t, featureGroup) == MixedGroups)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Exact grouped TreeSHAP values of one row for a model additive over the groups: group g gets,
    /// for each tree splitting on g's features, the leaf value the row reaches minus the tree's
    /// expected value. They add up to the row's margin minus <see cref="Bias"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A tree splits on features of two groups (see <see cref="IsAdditiveOver"/>).</exception>
    public void GroupContributions(ReadOnlySpan<float> row, int[] featureGroup, Span<double> contributions)
    {
        CheckGroups(featureGroup);
        if (row.Length != FeatureCount)
        {
            throw new ArgumentException($"Expected {FeatureCount} features, got {row.Length}.", nameof(row));
        }
        var groupCount = featureGroup.Max() + 1;
        if (contributions.Length < groupCount)
        {
            throw new ArgumentException($"Need room for {groupCount} groups, got {contributions.Length}.", nameof(contributions));
        }
        contributions.Clear();
        fixed (float* x = row)
        fixed (Node* nodes = _nodes)
        {
            for (var t = 0; t < TreeCount; t++)
            {
                var group = TreeGroup(t, featureGroup);
                if (group == MixedGroups)
                {
                    throw new InvalidOperationException(
                        $"Tree {t} splits on features of several groups, so the model is not additive over these groups.");
                }
                if (group == NoSplit)
                {
                    continue;
                }
                var node = _roots[t];
                for (var d = 0; d < _depths[t]; d++)
                {
                    node = Next(nodes, node, x);
                }
                contributions[group] += (double)_leafValues[node] - _expectedValues[t];
            }
        }
    }

    private const int NoSplit = -1;
    private const int MixedGroups = -2;

    private int TreeGroup(int tree, int[] featureGroup)
    {
        var features = _splitFeatures[tree];
        if (features.Length == 0)
        {
            return NoSplit;
        }
        var group = featureGroup[features[0]];
        foreach (var feature in features)
        {
            if (featureGroup[feature] != group)
            {
                return MixedGroups;
            }
        }
        return group;
    }

    private void CheckGroups(int[] featureGroup)
    {
        if (featureGroup.Length != FeatureCount)
        {
            throw new ArgumentException($"Expected a group for each of the {FeatureCount} features, got {featureGroup.Length}.", nameof(featureGroup));
        }
        if (featureGroup.Any(g => g < 0))
        {
            throw new ArgumentException("Group indices must not be negative.", nameof(featureGroup));
        }
    }

    private void PredictRange(float* rows, float* margins, int start, int end)
    {
        var featureCount = FeatureCount;
        var baseMargin = BaseMargin;
        fixed (Node* nodes = _nodes)
        fixed (float* leaves = _leafValues)
        {
            for (var blockStart = start; blockStart < end; blockStart += BlockRows)
            {
                var blockEnd = Math.Min(blockStart + BlockRows, end);
                for (var r = blockStart; r < blockEnd; r++)
                {
                    margins[r] = baseMargin;
                }
                for (var t = 0; t < _roots.Length; t++)
                {
                    var root = _roots[t];
                    var depth = _depths[t];
                    var r = blockStart;
                    for (; r + 4 <= blockEnd; r += 4)
                    {
                        var x0 = rows + (long)r * featureCount;
                        var x1 = x0 + featureCount;
                        var x2 = x1 + featureCount;
                        var x3 = x2 + featureCount;
                        int n0 = root, n1 = root, n2 = root, n3 = root;
                        for (var d = 0; d < depth; d++)
                        {
                            n0 = Next(nodes, n0, x0);
                            n1 = Next(nodes, n1, x1);
                            n2 = Next(nodes, n2, x2);
                            n3 = Next(nodes, n3, x3);
                        }
                        margins[r] += leaves[n0];
                        margins[r + 1] += leaves[n1];
                        margins[r + 2] += leaves[n2];
                        margins[r + 3] += leaves[n3];
                    }
                    for (; r < blockEnd; r++)
                    {
                        var x = rows + (long)r * featureCount;
                        var n = root;
                        for (var d = 0; d < depth; d++)
                        {
                            n = Next(nodes, n, x);
                        }
                        margins[r] += leaves[n];
                    }
                }
            }
        }
    }

    /// <summary>
    /// One step down: right when <c>value ≥ threshold</c> (i.e. not <c>value &lt; threshold</c>),
    /// or when the value is NaN and the node's default is right. A leaf has a NaN threshold and
    /// DefaultRight 0, so it steps to Left, itself.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Next(Node* nodes, int index, float* row)
    {
        var node = nodes + index;
        var value = row[node->Feature];
        var right = value >= node->Threshold;
        var missing = float.IsNaN(value);
        return node->Left + (ToInt(right) | (ToInt(missing) & node->DefaultRight));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ToInt(bool value) => Unsafe.As<bool, byte>(ref value);

    private static float Logit(float probability) => -MathF.Log(1.0f / probability - 1.0f);

    private static float Identity(float value) => value;

    private record struct Node(int Feature, float Threshold, int Left, int DefaultRight);

    private sealed record ParsedTree(Node[] Nodes, float[] LeafValues, int Depth, float ExpectedValue, int[] SplitFeatures);

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

        var trees = new List<ParsedTree>();
        foreach (var tree in model.GetProperty("trees").EnumerateArray())
        {
            trees.Add(ReadTree(tree, trees.Count, featureCount));
        }
        var treeInfo = model.GetProperty("tree_info").EnumerateArray().Select(e => e.GetInt32()).ToList();
        if (treeInfo.Count != trees.Count || treeInfo.Any(g => g != 0))
        {
            throw new NotSupportedException("Trees for several output groups (multi-class) are not supported.");
        }
        return new TreeEnsemble(featureCount, objective, toMargin(baseScore), trees);
    }

    private static ParsedTree ReadTree(JsonElement tree, int index, int featureCount)
    {
        if (tree.TryGetProperty("split_type", out var splitTypes) && splitTypes.EnumerateArray().Any(s => s.GetInt32() != 0)
            || tree.TryGetProperty("categories_nodes", out var categoryNodes) && categoryNodes.GetArrayLength() > 0)
        {
            throw new NotSupportedException($"Tree {index} has categorical splits, which are not supported.");
        }
        var left = Ints(tree, "left_children");
        var right = Ints(tree, "right_children");
        var features = Ints(tree, "split_indices");
        var conditions = Floats(tree, "split_conditions");
        var hessians = Floats(tree, "sum_hessian");
        var defaultLeft = tree.GetProperty("default_left").EnumerateArray()
            .Select(e => e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean() : e.GetInt32() != 0).ToArray();
        var count = left.Length;
        if (count == 0 || right.Length != count || features.Length != count || conditions.Length != count
            || hessians.Length != count || defaultLeft.Length != count)
        {
            throw new InvalidDataException($"Tree {index} has node arrays of different lengths.");
        }

        // Breadth-first renumbering: children of an internal node get adjacent new indices.
        var nodes = new List<Node>();
        var leafValues = new List<float>();
        var splitFeatures = new SortedSet<int>();
        var newIndex = new int[count];
        Array.Fill(newIndex, -1);
        var queue = new Queue<(int Old, int Depth)>();
        newIndex[0] = 0;
        nodes.Add(default);
        leafValues.Add(0);
        queue.Enqueue((0, 0));
        var depth = 0;
        while (queue.TryDequeue(out var item))
        {
            var (old, level) = item;
            var self = newIndex[old];
            depth = Math.Max(depth, level);
            if (left[old] == -1)
            {
                nodes[self] = new Node(0, float.NaN, self, 0);
                leafValues[self] = conditions[old];
                continue;
            }
            if (level >= MaxDepth)
            {
                throw new InvalidDataException($"Tree {index} is deeper than {MaxDepth}.");
            }
            foreach (var child in (ReadOnlySpan<int>)[left[old], right[old]])
            {
                if (child < 0 || child >= count || newIndex[child] != -1)
                {
                    throw new InvalidDataException($"Tree {index} node {old} has an invalid child {child}.");
                }
                newIndex[child] = nodes.Count;
                nodes.Add(default);
                leafValues.Add(0);
                queue.Enqueue((child, level + 1));
            }
            if (features[old] < 0 || features[old] >= featureCount)
            {
                throw new InvalidDataException($"Tree {index} node {old} splits on feature {features[old]} of {featureCount}.");
            }
            splitFeatures.Add(features[old]);
            nodes[self] = new Node(features[old], conditions[old], newIndex[left[old]], defaultLeft[old] ? 0 : 1);
        }
        var expected = MeanValue(0, left, right, conditions, hessians);
        return new ParsedTree([.. nodes], [.. leafValues], depth, expected, [.. splitFeatures]);
    }

    /// <summary>
    /// The cover-weighted mean leaf value below a node, computed in float32 exactly as libxgboost's
    /// TreeSHAP does (FillNodeMeanValues), with sum_hessian as the cover.
    /// </summary>
    private static float MeanValue(int node, int[] left, int[] right, float[] values, float[] hessians)
    {
        if (left[node] == -1)
        {
            return values[node];
        }
        var result = MeanValue(left[node], left, right, values, hessians) * hessians[left[node]];
        result += MeanValue(right[node], left, right, values, hessians) * hessians[right[node]];
        return result / hessians[node];
    }

    private static int ParseInt(JsonElement element) =>
        element.ValueKind == JsonValueKind.String
            ? int.Parse(element.GetString() ?? "", NumberStyles.Integer, CultureInfo.InvariantCulture)
            : element.GetInt32();

    private static int[] Ints(JsonElement tree, string name) =>
        tree.GetProperty(name).EnumerateArray().Select(e => e.GetInt32()).ToArray();

    private static float[] Floats(JsonElement tree, string name) =>
        tree.GetProperty(name).EnumerateArray().Select(e => e.GetSingle()).ToArray();
}
