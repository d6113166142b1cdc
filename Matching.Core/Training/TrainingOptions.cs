namespace Matching.Core.Training;

/// <summary>How to train. Defaults are the ones the default model was trained with.</summary>
public sealed record TrainingOptions
{
    /// <summary>
    /// binary:logistic (staffed or not), rank:ndcg (LambdaMART), rank:pairwise or rank:map. The default
    /// ranks as well as the best ranking objective on held-out histories and its score is a calibrated
    /// probability of being staffed (docs/training.md has the measurements).
    /// </summary>
    public string Objective { get; init; } = "binary:logistic";

    public int MaxRounds { get; init; } = 800;

    /// <summary>Stop when validation NDCG@10 has not improved for this many rounds; keep the best round.</summary>
    public int EarlyStoppingRounds { get; init; } = 50;

    public double LearningRate { get; init; } = 0.08;

    public int MaxDepth { get; init; } = 5;

    public double MinChildWeight { get; init; } = 1;

    public double Subsample { get; init; } = 0.8;

    public double Lambda { get; init; } = 1;

    public int Seed { get; init; } = 42;

    /// <summary>Fixed so that the same data and seed give the same model bytes.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Monotone and per-factor interaction constraints (see <see cref="Features.FeatureSchema"/>).</summary>
    public bool Constrained { get; init; } = true;

    /// <summary>Share of the latest missions held out for the test metrics when no test file is given.</summary>
    public double TestShare { get; init; } = 0.2;

    /// <summary>Share of the latest remaining missions used for early stopping.</summary>
    public double ValidationShare { get; init; } = 0.125;

    public static IReadOnlyList<string> Objectives { get; } = ["binary:logistic", "rank:ndcg", "rank:pairwise", "rank:map"];
}
