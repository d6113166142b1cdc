using Matching.Core.Model.Native;
using static Matching.Core.Model.Native.XGBoostNative;

namespace Matching.Core.Model;

/// <summary>
/// A libxgboost data matrix built from dense row-major float rows; NaN marks a missing value.
/// libxgboost copies the values, so the source array can be reused after construction.
/// </summary>
public sealed unsafe class DMatrix : IDisposable
{
    internal DMatrixHandle Handle { get; }

    public int RowCount { get; }

    public int FeatureCount { get; }

    public DMatrix(ReadOnlySpan<float> rows, int rowCount, int featureCount)
    {
        CheckShape(rows, rowCount, featureCount);
        RowCount = rowCount;
        FeatureCount = featureCount;
        fixed (float* data = rows)
        {
            Check(XGDMatrixCreateFromMat(data, (ulong)rowCount, (ulong)featureCount, float.NaN, out var handle));
            Handle = handle;
        }
    }

    /// <summary>Relevance (ranking) or target (classification, regression) per row.</summary>
    public void SetLabels(ReadOnlySpan<float> labels)
    {
        if (labels.Length != RowCount)
        {
            throw new ArgumentException($"Expected {RowCount} labels, got {labels.Length}.", nameof(labels));
        }
        fixed (float* values = labels)
        {
            Check(XGDMatrixSetFloatInfo(Handle, "label", values, (ulong)labels.Length));
        }
    }

    /// <summary>Sizes of the consecutive query groups for ranking objectives (one group per mission).</summary>
    public void SetGroupSizes(ReadOnlySpan<uint> groupSizes)
    {
        long total = 0;
        foreach (var size in groupSizes)
        {
            total += size;
        }
        if (total != RowCount)
        {
            throw new ArgumentException($"Group sizes add up to {total}, but the matrix has {RowCount} rows.", nameof(groupSizes));
        }
        fixed (uint* values = groupSizes)
        {
            Check(XGDMatrixSetUIntInfo(Handle, "group", values, (ulong)groupSizes.Length));
        }
    }

    /// <summary>Feature names, saved into the model so Python's xgboost shows them and checks them.</summary>
    public void SetFeatureNames(IReadOnlyList<string> names)
    {
        if (names.Count != FeatureCount)
        {
            throw new ArgumentException($"Expected {FeatureCount} feature names, got {names.Count}.", nameof(names));
        }
        Check(XGDMatrixSetStrFeatureInfo(Handle, "feature_name", [.. names], (ulong)names.Count));
    }

    public void Dispose() => Handle.Dispose();

    internal static void CheckShape(ReadOnlySpan<float> rows, int rowCount, int featureCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureCount);
        if ((long)rowCount * featureCount != rows.Length)
        {
            throw new ArgumentException(
                $"Expected {rowCount} rows × {featureCount} features = {(long)rowCount * featureCount} values, got {rows.Length}.",
                nameof(rows));
        }
    }
}
