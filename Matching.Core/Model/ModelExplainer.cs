namespace Matching.Core.Model;

/// <summary>
/// Explains margins by feature group (e.g. skills, experience, availability): each group's SHAP
/// value, so that the group values plus <see cref="Bias"/> add up to the row's margin.
/// </summary>
/// <remarks>
/// When the model is additive over the groups (trained with one interaction-constraint set per
/// group) the managed <see cref="TreeEnsemble.GroupContributions(ReadOnlySpan{float}, int, int[], Span{double})"/> is exact and cheap. Otherwise
/// the per-feature TreeSHAP values come from libxgboost for just the rows asked, summed per group;
/// that costs a DMatrix and a native call, so ask only for the rows you show. The booster must hold
/// the same model as the ensemble and is not owned by the explainer.
/// </remarks>
public sealed class ModelExplainer
{
    private readonly TreeEnsemble _ensemble;
    private readonly Booster _booster;
    private readonly int[] _featureGroup;

    public ModelExplainer(TreeEnsemble ensemble, Booster booster, int[] featureGroup)
    {
        if (booster.FeatureCount != ensemble.FeatureCount)
        {
            throw new ArgumentException(
                $"The booster has {booster.FeatureCount} features but the ensemble {ensemble.FeatureCount}; they must hold the same model.",
                nameof(booster));
        }
        IsAdditive = ensemble.IsAdditiveOver(featureGroup);
        _ensemble = ensemble;
        _booster = booster;
        _featureGroup = (int[])featureGroup.Clone();
        GroupCount = featureGroup.Max() + 1;
    }

    public int GroupCount { get; }

    /// <summary>True when every tree uses one group only, so explanations are computed without libxgboost.</summary>
    public bool IsAdditive { get; }

    /// <summary>The margin before any group is taken into account (the SHAP bias).</summary>
    public double Bias => _ensemble.Bias;

    /// <summary>Writes <see cref="GroupCount"/> contributions per row, row-major, into <paramref name="contributions"/>.</summary>
    public void GroupContributions(ReadOnlySpan<float> rows, int rowCount, Span<double> contributions)
    {
        DMatrix.CheckShape(rows, rowCount, _ensemble.FeatureCount);
        if (contributions.Length < rowCount * GroupCount)
        {
            throw new ArgumentException($"Need room for {rowCount} × {GroupCount} contributions, got {contributions.Length}.", nameof(contributions));
        }
        var featureCount = _ensemble.FeatureCount;
        if (IsAdditive)
        {
            _ensemble.GroupContributions(rows[..(rowCount * featureCount)], rowCount, _featureGroup, contributions);
            return;
        }
        using var matrix = new DMatrix(rows, rowCount, featureCount);
        var shap = _booster.PredictContributions(matrix);
        contributions[..(rowCount * GroupCount)].Clear();
        for (var r = 0; r < rowCount; r++)
        {
            for (var f = 0; f < featureCount; f++)
            {
                contributions[r * GroupCount + _featureGroup[f]] += shap[r * (featureCount + 1) + f];
            }
        }
    }
}
