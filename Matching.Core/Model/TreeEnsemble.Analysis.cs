namespace Matching.Core.Model;

/// <summary>What training and the model checks ask of an ensemble, walked node by node: never on the request path.</summary>
public sealed unsafe partial class TreeEnsemble
{
    /// <summary>
    /// Each tree's mean leaf value over the given rows, in tree order: a tree's expected output over data like
    /// them, the reference its SHAP values are measured from.
    /// </summary>
    public float[] MeanLeafValues(ReadOnlySpan<float> rows, int rowCount)
    {
        var sums = new double[TreeCount];
        for (var r = 0; r < rowCount; r++)
        {
            var row = rows.Slice(r * FeatureCount, FeatureCount);
            for (var t = 0; t < sums.Length; t++)
            {
                sums[t] += LeafOf(t, row);
            }
        }

        return [.. sums.Select(s => rowCount == 0 ? 0f : (float)(s / rowCount))];
    }

    /// <summary>
    /// Calls <paramref name="visit"/> with the margins of every row after each tree in turn (k trees, margins),
    /// for choosing how many trees to keep; the array is reused, so copy what you keep.
    /// </summary>
    public void ForEachPrefix(float[] rows, int rowCount, Action<int, float[]> visit)
    {
        var margins = new float[rowCount];
        Array.Fill(margins, BaseMargin);
        for (var t = 0; t < TreeCount; t++)
        {
            for (var r = 0; r < rowCount; r++)
            {
                margins[r] += LeafOf(t, rows.AsSpan(r * FeatureCount, FeatureCount));
            }

            visit(t + 1, margins);
        }
    }

    /// <summary>The leaf value one row reaches in one tree, walked node by node (for training-time summaries, not scoring).</summary>
    private float LeafOf(int tree, ReadOnlySpan<float> row)
    {
        var index = (int)(_roots[tree] / (uint)sizeof(Node));
        for (var level = 0; level < _depths[tree]; level++)
        {
            var node = _nodes[index];
            var value = row[(int)(node.FeatureOffset / (BlockRows * sizeof(float)))];
            var second = !(node.SignOrLeafValue * value < node.Threshold);
            index = (int)(node.Children / (uint)sizeof(Node)) + (second ? 1 : 0);
        }

        return _nodes[index].SignOrLeafValue;
    }

    /// <summary>Every leaf value of every tree, for checks of a model's sanity.</summary>
    public IEnumerable<float> LeafValues()
    {
        foreach (var node in _nodes)
        {
            if (IsLeaf(node))
            {
                yield return node.SignOrLeafValue;
            }
        }
    }

    /// <summary>
    /// Null when every split on a constrained feature keeps its constraint: for +1, every leaf below the lower
    /// side is at most every leaf below the upper side (−1: at least); otherwise where it breaks. This is what
    /// XGBoost's and LightGBM's monotone constraints guarantee by bounding the leaves under each such split, and
    /// it makes each tree, and so the sum, monotone in the feature (missing values aside).
    /// </summary>
    public string? MonotoneViolation(IReadOnlyList<int> monotone, IReadOnlyList<string> names, float tolerance = 1e-5f)
    {
        string? violation = null;
        (float Min, float Max) Range(int tree, int index)
        {
            var node = _nodes[index];
            if (IsLeaf(node))
            {
                return (node.SignOrLeafValue, node.SignOrLeafValue);
            }

            var first = (int)(node.Children / (uint)sizeof(Node));
            var a = Range(tree, first);
            var b = Range(tree, first + 1);
            var feature = (int)(node.FeatureOffset / (BlockRows * sizeof(float)));
            // The second child takes values at or above the split when the sign is +1, below it when it is −1.
            var (lower, upper) = node.SignOrLeafValue > 0 ? (a, b) : (b, a);
            var constraint = feature < monotone.Count ? monotone[feature] : 0;
            if (violation is null && (constraint > 0 && lower.Max > upper.Min + tolerance || constraint < 0 && lower.Min < upper.Max - tolerance))
            {
                violation = $"tree {tree} gives up to {lower.Max} (lower) and down to {upper.Min} (upper) on either side of a split on {names[feature]}";
            }

            return (Math.Min(a.Min, b.Min), Math.Max(a.Max, b.Max));
        }

        for (var t = 0; t < _roots.Length && violation is null; t++)
        {
            Range(t, (int)(_roots[t] / (uint)sizeof(Node)));
        }

        return violation;
    }
}
