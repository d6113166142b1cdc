using System.Buffers;
using System.Runtime.CompilerServices;

namespace Matching.Core.Model;

/// <summary>
/// The managed tree evaluator that serves every model: an ML.NET LightGbm model's trees read out by
/// <see cref="MlNetModel.Extract"/>, or an XGBoost 1.7 model read from its JSON, giving the same margins as
/// libxgboost (checked against it when the fixtures were made): float32 features, <c>value &lt; split_condition</c> goes left, NaN follows the
/// node's default direction, leaf values added in float32 in tree order onto the base margin.
/// </summary>
/// <remarks>
/// Each step down a tree is arithmetic, not a branch: nodes are renumbered breadth-first so the two
/// children of a node are adjacent, and the step takes the second one exactly when
/// <c>!(sign × value &lt; threshold)</c>, which is also true for NaN. A node whose missing values
/// go right keeps its children in order with sign +1; one whose missing values go left has them
/// swapped, sign −1 and threshold −BitDecrement(split_condition), since for every non-NaN float
/// <c>−v &lt; −BitDecrement(c)</c> exactly when <c>v ≥ c</c>. A leaf has threshold −∞ and steps
/// to itself, so every row walks exactly the tree's depth. docs/model.md (The managed evaluator) has the full argument;
/// <see cref="XgboostJson"/> reads XGBoost's JSON, and TreeEnsemble.Analysis.cs holds the training-time checks.
/// Instances are immutable and safe to share between threads.
/// </remarks>
public sealed unsafe partial class TreeEnsemble
{
    /// <summary>Rows scored together per pass over the trees, so a tree's nodes stay in cache.</summary>
    private const int BlockRows = 64;

    /// <summary>Below this many rows a batch is scored on the calling thread.</summary>
    internal const int ParallelRowThreshold = 2048;

    private const int MaxDepth = 64;

    private const int MaxStackBlockLength = 8192;

    private const int NoSplit = -1;
    private const int MixedGroups = -2;

    private readonly Node[] _nodes;
    private readonly uint[] _roots;
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
        _roots = new uint[trees.Count];
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
                _nodes[offset + i] = node with { Children = (uint)(node.Children + offset) * (uint)sizeof(Node) };
            }
            _roots[t] = (uint)(offset * sizeof(Node));
            _depths[t] = tree.Depth;
            _expectedValues[t] = tree.ExpectedValue;
            _splitFeatures[t] = tree.SplitFeatures;
            bias += tree.ExpectedValue;
            offset += tree.Nodes.Length;
        }
        Bias = bias;
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
        CheckShape(rows, rowCount, FeatureCount);
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
    public bool IsAdditiveOver(int[] featureGroup) => !TreeGroups(featureGroup).Contains(MixedGroups);

    /// <summary>
    /// Exact grouped TreeSHAP values of one row for a model additive over the groups: group g gets,
    /// for each tree splitting on g's features, the leaf value the row reaches minus the tree's
    /// expected value. They add up to the row's margin minus <see cref="Bias"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A tree splits on features of two groups (see <see cref="IsAdditiveOver"/>).</exception>
    public void GroupContributions(ReadOnlySpan<float> row, int[] featureGroup, Span<double> contributions) =>
        GroupContributions(row, 1, featureGroup, contributions);

    /// <summary>
    /// <see cref="GroupContributions(ReadOnlySpan{float}, int[], Span{double})"/> for <paramref name="rowCount"/>
    /// rows at once, row-major: the groups' contributions for row r start at r × the number of groups.
    /// </summary>
    [SkipLocalsInit] // LoadBlock writes every element Traverse reads.
    public void GroupContributions(ReadOnlySpan<float> rows, int rowCount, int[] featureGroup, Span<double> contributions)
    {
        var treeGroups = TreeGroups(featureGroup);
        if (rows.Length != rowCount * FeatureCount)
        {
            throw new ArgumentException($"Expected {rowCount} × {FeatureCount} features, got {rows.Length}.", nameof(rows));
        }
        var groupCount = featureGroup.Max() + 1;
        if (contributions.Length < rowCount * groupCount)
        {
            throw new ArgumentException($"Need room for {rowCount} × {groupCount} groups, got {contributions.Length}.", nameof(contributions));
        }
        if (treeGroups.Contains(MixedGroups))
        {
            throw new InvalidOperationException("Some tree splits on features of several groups, so the model is not additive over these groups.");
        }
        contributions[..(rowCount * groupCount)].Clear();
        var blockLength = FeatureCount * BlockRows;
        var block = blockLength <= MaxStackBlockLength ? stackalloc float[blockLength] : new float[blockLength];
        fixed (float* x = block)
        fixed (float* source = rows)
        fixed (double* output = contributions)
        fixed (Node* nodeArray = _nodes)
        {
            var nodes = (byte*)nodeArray;
            for (var first = 0; first < rowCount; first += BlockRows)
            {
                var count = Math.Min(BlockRows, rowCount - first);
                LoadBlock(source + (long)first * FeatureCount, count, x);
                var sink = new ContributionSink(output + (long)first * groupCount, groupCount, treeGroups, _expectedValues);
                Traverse(nodes, x, count, ref sink);
            }
        }
    }

    /// <summary>The group each tree splits on: <see cref="NoSplit"/> for a lone leaf, <see cref="MixedGroups"/> for several.</summary>
    private int[] TreeGroups(int[] featureGroup)
    {
        CheckGroups(featureGroup);
        var groups = new int[TreeCount];
        for (var t = 0; t < TreeCount; t++)
        {
            groups[t] = TreeGroup(t, featureGroup);
        }
        return groups;
    }

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

    [SkipLocalsInit] // LoadBlock writes every element Traverse reads.
    private void PredictRange(float* rows, float* margins, int start, int end)
    {
        var blockLength = FeatureCount * BlockRows;
        float[]? rented = null;
        var scratch = blockLength <= MaxStackBlockLength
            ? stackalloc float[blockLength]
            : (rented = ArrayPool<float>.Shared.Rent(blockLength));
        try
        {
            fixed (float* block = scratch)
            fixed (Node* nodeArray = _nodes)
            {
                var nodes = (byte*)nodeArray;
                for (var first = start; first < end; first += BlockRows)
                {
                    var count = Math.Min(BlockRows, end - first);
                    LoadBlock(rows + (long)first * FeatureCount, count, block);
                    var sink = new MarginSink(margins + first, BaseMargin, count);
                    Traverse(nodes, block, count, ref sink);
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<float>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Copies up to <see cref="BlockRows"/> rows feature-major, so that one base pointer plus a constant reaches each of eight rows.</summary>
    private void LoadBlock(float* rows, int count, float* block)
    {
        var featureCount = FeatureCount;
        for (var r = 0; r < count; r++)
        {
            for (var f = 0; f < featureCount; f++)
            {
                block[f * BlockRows + r] = rows[r * featureCount + f];
            }
        }
    }

    /// <summary>
    /// Takes each of <paramref name="count"/> rows of a feature-major block down every tree the sink enters,
    /// eight rows at a time so that eight independent walks overlap, and hands the sink each leaf reached.
    /// Generic over a struct so that scoring and explaining each get this loop compiled for them.
    /// </summary>
    private void Traverse<TSink>(byte* nodes, float* block, int count, ref TSink sink)
        where TSink : struct, ILeafSink
    {
        for (var t = 0; t < _roots.Length; t++)
        {
            if (!sink.Enter(t))
            {
                continue;
            }
            var root = _roots[t];
            var depth = _depths[t];
            var r = 0;
            for (; r + 8 <= count; r += 8)
            {
                var x = (byte*)(block + r);
                uint n0 = root, n1 = root, n2 = root, n3 = root, n4 = root, n5 = root, n6 = root, n7 = root;
                for (var d = 0; d < depth; d++)
                {
                    n0 = Next(nodes, n0, x);
                    n1 = Next(nodes, n1, x + 4);
                    n2 = Next(nodes, n2, x + 8);
                    n3 = Next(nodes, n3, x + 12);
                    n4 = Next(nodes, n4, x + 16);
                    n5 = Next(nodes, n5, x + 20);
                    n6 = Next(nodes, n6, x + 24);
                    n7 = Next(nodes, n7, x + 28);
                }
                sink.Add(r, LeafValue(nodes, n0));
                sink.Add(r + 1, LeafValue(nodes, n1));
                sink.Add(r + 2, LeafValue(nodes, n2));
                sink.Add(r + 3, LeafValue(nodes, n3));
                sink.Add(r + 4, LeafValue(nodes, n4));
                sink.Add(r + 5, LeafValue(nodes, n5));
                sink.Add(r + 6, LeafValue(nodes, n6));
                sink.Add(r + 7, LeafValue(nodes, n7));
            }
            for (; r < count; r++)
            {
                var x = (byte*)(block + r);
                var n = root;
                for (var d = 0; d < depth; d++)
                {
                    n = Next(nodes, n, x);
                }
                sink.Add(r, LeafValue(nodes, n));
            }
        }
    }

    /// <summary>What a traversal does with the leaves the rows reach.</summary>
    private interface ILeafSink
    {
        /// <summary>Whether to take the rows down tree <paramref name="tree"/>.</summary>
        bool Enter(int tree);

        void Add(int row, float leaf);
    }

    /// <summary>Scoring: each row's margin is the base margin plus its leaves.</summary>
    private readonly struct MarginSink : ILeafSink
    {
        private readonly float* _margins;

        public MarginSink(float* margins, float baseMargin, int count)
        {
            _margins = margins;
            new Span<float>(margins, count).Fill(baseMargin);
        }

        public bool Enter(int tree) => true;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(int row, float leaf) => _margins[row] += leaf;
    }

    /// <summary>
    /// Explaining: each row's contribution for a tree's group gains the row's leaf minus the tree's expected
    /// value; trees without a split are skipped.
    /// </summary>
    private struct ContributionSink(double* contributions, int groupCount, int[] treeGroups, float[] expectedValues) : ILeafSink
    {
        private double* _group;
        private double _expected;

        public bool Enter(int tree)
        {
            var group = treeGroups[tree];
            if (group == NoSplit)
            {
                return false;
            }
            _group = contributions + group;
            _expected = expectedValues[tree];
            return true;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly void Add(int row, float leaf) => _group[row * groupCount] += (double)leaf - _expected;
    }

    /// <summary>
    /// One step down from the node at byte offset <paramref name="node"/>, for the row whose first
    /// feature is at <paramref name="row"/> in a feature-major block: to the node's first child, or
    /// its second when <c>!(sign × value &lt; threshold)</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Next(byte* nodes, uint node, byte* row)
    {
        var n = (Node*)(nodes + node);
        var value = *(float*)(row + n->FeatureOffset) * n->SignOrLeafValue;
        return n->Children + (uint)ToInt(!(value < n->Threshold)) * (uint)sizeof(Node);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float LeafValue(byte* nodes, uint node) => ((Node*)(nodes + node))->SignOrLeafValue;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ToInt(bool value) => Unsafe.As<bool, byte>(ref value);

    /// <summary>
    /// <see cref="Children"/> is the first child's index while a
    /// tree is read, its byte offset in the ensemble afterwards; a leaf's Children is the node just
    /// before it, so its second child is itself.
    /// </summary>
    private readonly record struct Node(uint FeatureOffset, float Threshold, uint Children, float SignOrLeafValue)
    {
        public static Node Leaf(int index, float value) => new(0, float.NegativeInfinity, (uint)Math.Max(index - 1, 0), value);
    }

    private sealed record ParsedTree(Node[] Nodes, int Depth, float ExpectedValue, int[] SplitFeatures);

    /// <summary>
    /// One tree in XGBoost's JSON layout: node 0 is the root; <see cref="Left"/> is -1 at a leaf, whose value is its
    /// <see cref="Conditions"/> entry; elsewhere a row goes left when <c>value &lt; Conditions[node]</c>, and a
    /// missing value goes left when <see cref="DefaultLeft"/>. <see cref="Covers"/> weigh the leaves for the
    /// SHAP reference (XGBoost's sum_hessian; ignored when expected values are given).
    /// </summary>
    public sealed record TreeNodes(int[] Left, int[] Right, int[] Features, float[] Conditions, bool[] DefaultLeft, float[] Covers);

    /// <summary>
    /// Builds an ensemble from trees in XGBoost's node layout (see <see cref="TreeNodes"/>), for models read
    /// from elsewhere (ML.NET). <paramref name="expectedValues"/>, one per tree, is each tree's mean output over
    /// the training data (the SHAP reference); when null, the trees' covers give it.
    /// </summary>
    public static TreeEnsemble FromTrees(int featureCount, string objective, float baseMargin, IReadOnlyList<TreeNodes> trees, IReadOnlyList<float>? expectedValues)
    {
        if (expectedValues is not null && expectedValues.Count != trees.Count)
        {
            throw new InvalidDataException($"{expectedValues.Count} tree reference values for {trees.Count} trees.");
        }

        return new TreeEnsemble(featureCount, objective, baseMargin, [.. trees.Select((t, i) => BuildTree(t, i, featureCount, expectedValues?[i]))]);
    }

    private static void CheckShape(ReadOnlySpan<float> rows, int rowCount, int featureCount)
    {
        if (rowCount < 0 || rows.Length < (long)rowCount * featureCount)
        {
            throw new ArgumentException($"Expected {rowCount} rows of {featureCount} features, got {rows.Length} values.", nameof(rows));
        }
    }

    /// <summary>A leaf steps to itself with a threshold no value is below.</summary>
    private static bool IsLeaf(Node node) => float.IsNegativeInfinity(node.Threshold);

    private static ParsedTree BuildTree(TreeNodes tree, int index, int featureCount, float? expectedValue)
    {
        var (left, right, features, conditions, defaultLeft, hessians) = tree;
        var count = left.Length;
        if (count == 0 || right.Length != count || features.Length != count || conditions.Length != count
            || hessians.Length != count || defaultLeft.Length != count)
        {
            throw new InvalidDataException($"Tree {index} has node arrays of different lengths.");
        }

        // Breadth-first renumbering, so that the two children of a node get adjacent indices.
        var nodes = new List<Node>();
        var splitFeatures = new SortedSet<int>();
        var newIndex = new int[count];
        Array.Fill(newIndex, -1);
        var queue = new Queue<(int Old, int Depth)>();
        newIndex[0] = 0;
        nodes.Add(default);
        queue.Enqueue((0, 0));
        var depth = 0;
        while (queue.TryDequeue(out var item))
        {
            var (old, level) = item;
            var self = newIndex[old];
            depth = Math.Max(depth, level);
            if (left[old] == -1)
            {
                nodes[self] = Node.Leaf(self, conditions[old]);
                continue;
            }
            if (level >= MaxDepth)
            {
                throw new InvalidDataException($"Tree {index} is deeper than {MaxDepth}.");
            }
            if (features[old] < 0 || features[old] >= featureCount)
            {
                throw new InvalidDataException($"Tree {index} node {old} splits on feature {features[old]} of {featureCount}.");
            }
            var threshold = conditions[old];
            if (defaultLeft[old] && (float.IsNegativeInfinity(threshold) || float.IsNaN(threshold)))
            {
                throw new NotSupportedException($"Tree {index} node {old} splits at {threshold} with missing values going left.");
            }
            var (first, second) = defaultLeft[old] ? (right[old], left[old]) : (left[old], right[old]);
            var children = nodes.Count;
            foreach (var child in (ReadOnlySpan<int>)[first, second])
            {
                if (child < 0 || child >= count || newIndex[child] != -1)
                {
                    throw new InvalidDataException($"Tree {index} node {old} has an invalid child {child}.");
                }
                newIndex[child] = nodes.Count;
                nodes.Add(default);
                queue.Enqueue((child, level + 1));
            }
            splitFeatures.Add(features[old]);
            nodes[self] = defaultLeft[old]
                ? new Node(FeatureOffset(features[old]), -MathF.BitDecrement(threshold), (uint)children, -1.0f)
                : new Node(FeatureOffset(features[old]), threshold, (uint)children, 1.0f);
        }
        var expected = expectedValue ?? MeanValue(0, left, right, conditions, hessians);
        return new ParsedTree([.. nodes], depth, expected, [.. splitFeatures]);
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

    /// <summary>Where a feature sits in a feature-major block of <see cref="BlockRows"/> rows, in bytes.</summary>
    private static uint FeatureOffset(int feature) => (uint)(feature * BlockRows * sizeof(float));
}
