using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Matching.Core.Features;
using Matching.Core.History;
using Matching.Core.Model;

namespace Matching.Core.Training;

public sealed record TrainingProgress(int Round, int MaxRounds, double ValidationScore, int BestRound, double BestScore);

public sealed record TrainedModel(byte[] ModelJson, ModelCard Card);

/// <summary>Time-ordered split of a history: train on the past, stop early on the recent past, test on the latest.</summary>
public sealed record HistorySplit(IReadOnlyList<MissionRows> Train, IReadOnlyList<MissionRows> Validation, IReadOnlyList<MissionRows> Test)
{
    /// <summary>Missions are ordered by decision date then id and never cut in two.</summary>
    public static HistorySplit ByTime(IReadOnlyList<MissionRows> missions, IReadOnlyList<MissionRows>? test, TrainingOptions options)
    {
        var ordered = missions.OrderBy(m => m.DecidedAt).ThenBy(m => m.MissionId, StringComparer.Ordinal).ToList();
        var testCount = test is null ? (int)Math.Round(ordered.Count * options.TestShare) : 0;
        var pool = ordered.Take(ordered.Count - testCount).ToList();
        var validationCount = Math.Max(1, (int)Math.Round(pool.Count * options.ValidationShare));
        if (pool.Count - validationCount < 1)
        {
            throw new InvalidOperationException($"{ordered.Count} usable missions are too few to train, validate and test.");
        }

        // Missions whose every candidate is excluded teach nothing but still count in the test metrics.
        return new HistorySplit(
            pool.Take(pool.Count - validationCount).Where(m => m.Rows > 0).ToList(),
            pool.Skip(pool.Count - validationCount).Where(m => m.Rows > 0).ToList(),
            test?.ToList() ?? ordered.Skip(ordered.Count - testCount).ToList());
    }
}

/// <summary>
/// Trains the XGBoost ranking model on feature rows from the shared extractor, with early stopping on a
/// validation split, and measures it against the baseline on the test split.
/// </summary>
public static class Trainer
{
    const int ShapSampleRows = 20_000;

    public static TrainedModel Train(
        HistorySplit split,
        IReadOnlyList<InputFile> inputs,
        int skippedLines,
        TrainingOptions options,
        string? catalogVersion,
        IProgress<TrainingProgress>? progress = null)
    {
        var watch = Stopwatch.StartNew();
        var parameters = Parameters(options);
        using var train = ToMatrix(split.Train, options.Objective);
        using var validation = ToMatrix(split.Validation, options.Objective);
        using var booster = new Booster(train, validation);
        foreach (var (name, value) in parameters)
        {
            booster.SetParam(name, value);
        }

        var best = (Round: -1, Score: double.NegativeInfinity);
        var rounds = 0;
        for (var round = 0; round < options.MaxRounds; round++)
        {
            booster.UpdateOneIter(round, train);
            rounds = round + 1;
            var score = booster.EvalOneIter(round, ("validation", validation)).Metrics.Values.Single();
            if (score > best.Score)
            {
                best = (round, score);
            }

            progress?.Report(new TrainingProgress(round + 1, options.MaxRounds, score, best.Round + 1, best.Score));
            if (round - best.Round >= options.EarlyStoppingRounds)
            {
                break;
            }
        }

        using var final = booster.Slice(0, best.Round + 1);
        final.SetFeatureNames([.. FeatureSchema.Names]);
        var modelJson = final.SaveJson();
        var trees = TreeEnsemble.Parse(modelJson);
        var report = RankingEvaluation.Evaluate(split.Test, mission => Predict(trees, mission));
        var importance = Importance(final, split.Test);
        watch.Stop();

        var card = new ModelCard
        {
            Version = $"xgb-{Convert.ToHexStringLower(SHA256.HashData(modelJson))[..12]}",
            CreatedAt = DateTimeOffset.UtcNow,
            FeatureSchema = CardSchema.Current,
            Objective = options.Objective,
            Parameters = parameters.ToDictionary(p => p.Name, p => p.Value),
            LibraryVersion = $"xgboost {Booster.LibraryVersion} (libxgboost)",
            CatalogVersion = catalogVersion,
            Training = new TrainingSummary(rounds, best.Round, options.EarlyStoppingRounds, "validation ndcg@10", best.Score, Math.Round(watch.Elapsed.TotalSeconds, 1), options.Threads, options.Seed),
            Data = new DataSummary
            {
                Inputs = inputs,
                Train = Summary(split.Train),
                Validation = Summary(split.Validation),
                Test = Summary(split.Test),
                SkippedLines = skippedLines,
            },
            Metrics = new CardMetrics(report.Model.ToMetrics(), report.Baseline.ToMetrics(), RankingEvaluation.BaselineDescription),
            FeatureImportance = importance,
        };
        return new TrainedModel(modelJson, card);
    }

    public static float[] Predict(TreeEnsemble trees, MissionRows mission)
    {
        var margins = new float[mission.Rows];
        trees.PredictMargin(mission.Features, mission.Rows, margins);
        return margins;
    }

    static List<(string Name, string Value)> Parameters(TrainingOptions options)
    {
        var invariant = CultureInfo.InvariantCulture;
        var parameters = new List<(string Name, string Value)>
        {
            ("objective", options.Objective),
            ("eval_metric", "ndcg@10"),
            ("tree_method", "hist"),
            ("eta", options.LearningRate.ToString(invariant)),
            ("max_depth", options.MaxDepth.ToString(invariant)),
            ("min_child_weight", options.MinChildWeight.ToString(invariant)),
            ("subsample", options.Subsample.ToString(invariant)),
            ("lambda", options.Lambda.ToString(invariant)),
            ("seed", options.Seed.ToString(invariant)),
            ("nthread", options.Threads.ToString(invariant)),
        };
        if (options.Constrained)
        {
            parameters.Add(("monotone_constraints", FeatureSchema.MonotoneConstraints));
            parameters.Add(("interaction_constraints", FeatureSchema.InteractionConstraints));
        }

        return parameters;
    }

    /// <summary>Feature rows, labels (grades, or staffed-or-not for binary:logistic) and one query group per mission.</summary>
    static DMatrix ToMatrix(IReadOnlyList<MissionRows> missions, string objective)
    {
        var rows = missions.Sum(m => m.Rows);
        var features = new float[rows * FeatureSchema.Count];
        var labels = new float[rows];
        var groups = new uint[missions.Count];
        var at = 0;
        for (var g = 0; g < missions.Count; g++)
        {
            var mission = missions[g];
            mission.Features.CopyTo(features, at * FeatureSchema.Count);
            for (var i = 0; i < mission.Rows; i++)
            {
                labels[at + i] = objective == "binary:logistic" ? (mission.Grades[i] >= Relevance.Relevant ? 1 : 0) : mission.Grades[i];
            }

            groups[g] = (uint)mission.Rows;
            at += mission.Rows;
        }

        var matrix = new DMatrix(features, rows, FeatureSchema.Count);
        matrix.SetLabels(labels);
        matrix.SetGroupSizes(groups);
        matrix.SetFeatureNames([.. FeatureSchema.Names]);
        return matrix;
    }

    /// <summary>Total gain from libxgboost and mean |SHAP| over (a sample of) the test rows.</summary>
    static List<FeatureImportance> Importance(Booster booster, IReadOnlyList<MissionRows> test)
    {
        var gain = booster.FeatureScore("total_gain");
        var sample = new List<float>();
        var rows = 0;
        foreach (var mission in test)
        {
            if (rows + mission.Rows > ShapSampleRows)
            {
                break;
            }

            sample.AddRange(mission.Features);
            rows += mission.Rows;
        }

        var width = FeatureSchema.Count;
        var meanAbs = new double[width];
        if (rows > 0)
        {
            using var matrix = new DMatrix(sample.ToArray(), rows, width);
            var shap = booster.PredictContributions(matrix);
            for (var r = 0; r < rows; r++)
            {
                for (var f = 0; f < width; f++)
                {
                    meanAbs[f] += Math.Abs(shap[r * (width + 1) + f]) / rows;
                }
            }
        }

        return [.. FeatureSchema.Names.Select((name, f) => new FeatureImportance(name, Math.Round(gain.GetValueOrDefault(name), 4), Math.Round(meanAbs[f], 6)))];
    }

    static SplitSummary Summary(IReadOnlyList<MissionRows> missions) => new(
        missions.Count,
        missions.Sum(m => m.Rows),
        missions.Count > 0 ? missions.Min(m => m.DecidedAt) : null,
        missions.Count > 0 ? missions.Max(m => m.DecidedAt) : null);
}
