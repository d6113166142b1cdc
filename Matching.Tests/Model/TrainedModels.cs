using Matching.Core.Features;
using Matching.Core.Model;
using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

namespace Matching.Tests.Model;

/// <summary>
/// Small real ML.NET LightGbm models trained on synthetic rows of the feature schema's width, with a relevance
/// that mixes factors (so unconstrained trees mix them) and missing values: the reference the managed
/// evaluator is held to is ML.NET's own scoring.
/// </summary>
internal static class TrainedModels
{
    public static int FeatureCount => FeatureSchema.Count;

    public sealed record Trained(MLContext Ml, ITransformer Model, TreeEnsemble Trees)
    {
        public float[] MlNetScores(float[] rows, int count) => MlNetModel.Score(Ml, Model, rows, count);
    }

    sealed class Row
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    /// <summary>Uniform [0, 1) features; <paramref name="missingRate"/> of them NaN.</summary>
    public static float[] Rows(int rowCount, int seed, double missingRate)
    {
        var random = new Random(seed);
        var rows = new float[rowCount * FeatureCount];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = random.NextDouble() < missingRate ? float.NaN : random.NextSingle();
        }

        return rows;
    }

    /// <summary>Staffed or not from a noisy score that mixes factors.</summary>
    static bool[] Labels(float[] rows, int rowCount, int seed)
    {
        var random = new Random(seed);
        var labels = new bool[rowCount];
        for (var r = 0; r < rowCount; r++)
        {
            double X(int f) => float.IsNaN(rows[r * FeatureCount + f]) ? 0.5 : rows[r * FeatureCount + f];
            labels[r] = 2 * X(0) + X(1) * X(10) - X(12) + X(14) * X(6) + X(13) + 0.5 * random.NextDouble() > 2.2;
        }

        return labels;
    }

    static readonly Dictionary<(bool, int), Trained> Cache = [];

    /// <summary>A binary model of <paramref name="rounds"/> trees, with or without the schema's constraints; cached.</summary>
    public static Trained Binary(bool constrained, int rounds = 40)
    {
        lock (Cache)
        {
            if (Cache.TryGetValue((constrained, rounds), out var trained))
            {
                return trained;
            }

            const int count = 4000;
            var rows = Rows(count, seed: 1, missingRate: 0.15);
            var labels = Labels(rows, count, seed: 2);
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(
                Enumerable.Range(0, count).Select(r => new Row { Features = rows.AsSpan(r * FeatureCount, FeatureCount).ToArray(), Label = labels[r] }),
                MlNetModel.Schema<Row>());
            var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                NumberOfIterations = rounds,
                NumberOfLeaves = 15,
                Sigmoid = 1,
                Seed = 1,
                NumberOfThreads = 1,
                Silent = true,
            });
            if (constrained)
            {
                LightGbmInternals.SetNativeParameters(trainer, new Dictionary<string, string>
                {
                    ["monotone_constraints"] = string.Join(',', FeatureSchema.Features.Select(f => f.Monotone)),
                    ["interaction_constraints"] = FeatureSchema.InteractionConstraints[1..^1],
                });
            }

            var model = trainer.Fit(data);
            return Cache[(constrained, rounds)] = new Trained(ml, model, MlNetModel.Extract(model, MlNetModel.Binary, expectedValues: null));
        }
    }

}
