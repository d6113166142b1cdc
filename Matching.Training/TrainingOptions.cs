namespace Matching.Training;

/// <summary>How to train. Defaults are the ones the default model was trained with.</summary>
public sealed record TrainingOptions
{
    /// <summary>
    /// "binary" (LightGBM binary: staffed or not; the score is a probability of being staffed) or "lambdarank"
    /// (LightGBM LambdaRank on the graded outcomes; the score only orders). docs/training.md has the measurements.
    /// </summary>
    public string Objective { get; init; } = "binary";

    public int MaxRounds { get; init; } = 800;

    /// <summary>Stop when the validation metric (log loss for binary, NDCG@10 for lambdarank) has not improved for this many rounds; keep the best round.</summary>
    public int EarlyStoppingRounds { get; init; } = 50;

    public double LearningRate { get; init; } = 0.08;

    /// <summary>Tree depth limit (LightGBM max_depth; -1 for none).</summary>
    public int MaxDepth { get; init; } = 5;

    /// <summary>Leaves per tree (LightGBM num_leaves).</summary>
    public int Leaves { get; init; } = 31;

    /// <summary>Fewest rows in a leaf (LightGBM min_data_in_leaf).</summary>
    public int MinimumRowsPerLeaf { get; init; } = 20;

    public double Subsample { get; init; } = 0.8;

    public double Lambda { get; init; } = 1;

    public int Seed { get; init; } = 42;

    /// <summary>Fixed so that the same data and seed give the same model bytes.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Monotone and per-factor interaction constraints (see <see cref="Core.Features.FeatureSchema"/>).</summary>
    public bool Constrained { get; init; } = true;

    /// <summary>Share of the latest missions held out for the test metrics when no test file is given.</summary>
    public double TestShare { get; init; } = 0.2;

    /// <summary>Share of the latest remaining missions used for early stopping.</summary>
    public double ValidationShare { get; init; } = 0.125;

    public static IReadOnlyList<string> Objectives { get; } = ["binary", "lambdarank"];
}
