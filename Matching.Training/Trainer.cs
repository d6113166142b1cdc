using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Matching.Core.Features;
using Matching.Core.History;
using Matching.Core.Model;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace Matching.Training;

/// <summary>A stage of training, for progress reports.</summary>
public sealed record TrainingProgress(string Stage, double Seconds);

/// <summary>A trained model: the ML.NET model's bytes (model.zip) and its card.</summary>
public sealed record TrainedModel(byte[] ModelZip, ModelCard Card);

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
/// Trains the ranking model with ML.NET's LightGbm on feature rows from the shared extractor: binary (staffed or
/// not) by default, LambdaRank as an option, both with the schema's monotone and per-factor interaction
/// constraints; early stopping on the time-split validation set; measured against the baseline on the test split.
/// The same rows, options, seed and threads give the same model bytes.
/// </summary>
public static class Trainer
{
    /// <summary>Rows used for the trees' reference values and the factor importance (a prefix of the missions, so deterministic).</summary>
    const int SampleRows = 200_000;

    sealed class TrainingRow
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }

        public float Grade { get; set; }

        public uint Group { get; set; }
    }

    public static TrainedModel Train(
        HistorySplit split,
        IReadOnlyList<InputFile> inputs,
        int skippedLines,
        TrainingOptions options,
        string? catalogVersion,
        IProgress<TrainingProgress>? progress = null)
    {
        if (split.Train.Sum(m => m.Rows) == 0 || split.Validation.Sum(m => m.Rows) == 0)
        {
            throw new InvalidOperationException("The history has no rankable candidate in its training or validation missions; nothing can be learned from it.");
        }

        if (Labels(split.Train, options).Distinct().Count() < 2)
        {
            throw new InvalidOperationException(options.Objective == MlNetModel.Binary
                ? "Every training candidate has the same outcome (all staffed, or none): a model cannot learn to tell them apart."
                : "Every training candidate has the same grade: a model cannot learn to order them.");
        }

        var watch = Stopwatch.StartNew();
        var ml = new MLContext(seed: options.Seed);
        int? bestIteration = null;
        ml.Log += (_, e) =>
        {
            // ML.NET says where LightGBM stopped early only in its log: "Met early stopping, best iteration: 123, best score: ...".
            const string marker = "best iteration: ";
            var at = e.RawMessage.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                var digits = e.RawMessage.AsSpan(at + marker.Length);
                var length = 0;
                while (length < digits.Length && char.IsAsciiDigit(digits[length]))
                {
                    length++;
                }

                if (int.TryParse(digits[..length], NumberStyles.Integer, CultureInfo.InvariantCulture, out var best))
                {
                    bestIteration = best;
                }
            }
        };

        var train = Data(ml, split.Train, options);
        var validation = options.Objective == MlNetModel.LambdaRank ? null! : Data(ml, split.Validation, options);
        var parameters = NativeParameters(options);
        progress?.Report(new TrainingProgress($"LightGbm {options.Objective}: up to {options.MaxRounds} rounds, stopping {options.EarlyStoppingRounds} rounds after the best on validation", watch.Elapsed.TotalSeconds));
        ITransformer model;
        if (options.Objective == MlNetModel.LambdaRank)
        {
            // ML.NET 5.0.1 passes a ranking validation set to LightGBM as one query (which LightGBM refuses over
            // 10,000 rows), so LambdaRank stops early here: all rounds, then the tree count with the best validation
            // NDCG@10, then the same training again to that count (deterministic: the same first trees).
            model = FitRanking(ml, train, options with { EarlyStoppingRounds = 0 }, parameters);
            bestIteration = BestTreeCount(MlNetModel.Extract(model, options.Objective, expectedValues: null), split.Validation, options.EarlyStoppingRounds);
            if (bestIteration < MlNetModel.Trees(model).Trees.Count)
            {
                progress?.Report(new TrainingProgress($"LightGbm lambdarank: again, to the best {bestIteration} rounds on validation", watch.Elapsed.TotalSeconds));
                model = FitRanking(ml, train, options with { MaxRounds = bestIteration.Value, EarlyStoppingRounds = 0 }, parameters);
            }
        }
        else
        {
            model = FitBinary(ml, train, validation, options, parameters);
        }
        var fitted = watch.Elapsed.TotalSeconds;

        var bytes = Save(ml, model, train.Schema);
        var sample = Sample(split.Train);
        var trees = MlNetModel.Extract(model, options.Objective, expectedValues: null);
        var references = trees.MeanLeafValues(sample.Rows, sample.Count);
        trees = MlNetModel.Extract(model, options.Objective, references);
        progress?.Report(new TrainingProgress($"{trees.TreeCount} trees; measuring on the test missions", watch.Elapsed.TotalSeconds));

        var report = RankingEvaluation.Evaluate(split.Test, mission => Predict(trees, mission));
        var validationReport = RankingEvaluation.Evaluate(split.Validation, mission => Predict(trees, mission));
        var ensemble = MlNetModel.Trees(model);
        watch.Stop();

        var card = new ModelCard
        {
            Version = RankingModel.VersionOf("mlnet", bytes, options.Objective, references),
            CreatedAt = DateTimeOffset.UtcNow,
            FeatureSchema = CardSchema.Current,
            Objective = options.Objective,
            Parameters = Parameters(options, parameters),
            LibraryVersion = $"Microsoft.ML.LightGbm {LightGbmInternals.PackageVersion} (LightGBM 4.6.0)",
            CatalogVersion = catalogVersion,
            Training = new TrainingSummary(
                trees.TreeCount,
                (bestIteration ?? trees.TreeCount) - 1,
                options.EarlyStoppingRounds,
                options.Objective == MlNetModel.LambdaRank ? "validation ndcg@10" : "validation binary log loss (LightGBM)",
                Math.Round(validationReport.Model.NdcgAt(10), 6),
                Math.Round(fitted, 1),
                options.Threads,
                options.Seed),
            Data = new DataSummary
            {
                Inputs = inputs,
                Train = Summary(split.Train),
                Validation = Summary(split.Validation),
                Test = Summary(split.Test),
                SkippedLines = skippedLines,
            },
            Metrics = new CardMetrics(report.Model.ToMetrics(), report.Baseline.ToMetrics(), RankingEvaluation.BaselineDescription, Calibrated(options, split.Test, trees)),
            FeatureImportance = FeatureImportance(ensemble),
            FactorImportance = trees.IsAdditiveOver(FeatureSchema.FactorOfFeature()) ? FactorImportance(trees, Sample(split.Test)) : null,
            TreeReferences = references,
        };
        return new TrainedModel(bytes, card);
    }

    static CardCalibration? Calibrated(TrainingOptions options, IReadOnlyList<MissionRows> test, TreeEnsemble trees)
    {
        if (options.Objective != MlNetModel.Binary)
        {
            return null;
        }

        var c = CalibrationReport.Measure(test, mission => Predict(trees, mission));
        return c.Rows == 0 ? null : new CardCalibration(c.Rows, Math.Round(c.MeanScore, 4), Math.Round(c.StaffedShare, 4), Math.Round(c.ExpectedCalibrationError, 4));
    }

    public static float[] Predict(TreeEnsemble trees, MissionRows mission)
    {
        var margins = new float[mission.Rows];
        trees.PredictMargin(mission.Features, mission.Rows, margins);
        return margins;
    }

    static ITransformer FitBinary(MLContext ml, IDataView train, IDataView validation, TrainingOptions options, Dictionary<string, string> parameters)
    {
        var trainer = ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
        {
            LabelColumnName = nameof(TrainingRow.Label),
            FeatureColumnName = MlNetModel.FeaturesColumn,
            // LightGBM's sigmoid(σ·score): with σ = 1 the score is the log-odds of being staffed, as explanations assume.
            Sigmoid = 1,
            NumberOfIterations = options.MaxRounds,
            EarlyStoppingRound = options.EarlyStoppingRounds,
            LearningRate = options.LearningRate,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinimumRowsPerLeaf,
            Seed = options.Seed,
            NumberOfThreads = options.Threads,
            Silent = true,
            Booster = Booster(options),
        });
        LightGbmInternals.SetNativeParameters(trainer, parameters);
        return trainer.Fit(train, validation);
    }

    /// <summary>The tree count with the best mean validation NDCG@10 (the fewest on ties), stopping the search <paramref name="patience"/> trees after it.</summary>
    static int BestTreeCount(TreeEnsemble trees, IReadOnlyList<MissionRows> validation, int patience)
    {
        var rows = validation.SelectMany(m => m.Features).ToArray();
        var count = validation.Sum(m => m.Rows);
        var (best, bestScore) = (1, double.NegativeInfinity);
        var done = false;
        trees.ForEachPrefix(rows, count, (k, margins) =>
        {
            if (done)
            {
                return;
            }

            var at = 0;
            var quality = new RankingQuality();
            foreach (var mission in validation)
            {
                var scores = margins.AsSpan(at, mission.Rows).ToArray();
                at += mission.Rows;
                quality.Add(RankingEvaluation.GradesInOrder(mission, scores));
            }

            if (quality.NdcgAt(10) > bestScore)
            {
                (best, bestScore) = (k, quality.NdcgAt(10));
            }
            else if (patience > 0 && k - best >= patience)
            {
                done = true;
            }
        });
        return best;
    }

    static ITransformer FitRanking(MLContext ml, IDataView train, TrainingOptions options, Dictionary<string, string> parameters)
    {
        var trainer = ml.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
        {
            LabelColumnName = nameof(TrainingRow.Grade),
            FeatureColumnName = MlNetModel.FeaturesColumn,
            RowGroupColumnName = nameof(TrainingRow.Group),
            NumberOfIterations = options.MaxRounds,
            LearningRate = options.LearningRate,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinimumRowsPerLeaf,
            Seed = options.Seed,
            NumberOfThreads = options.Threads,
            Silent = true,
            Booster = Booster(options),
        });
        LightGbmInternals.SetNativeParameters(trainer, new Dictionary<string, string>(parameters) { ["eval_at"] = "10" });
        return trainer.Fit(train);
    }

    static GradientBooster.Options Booster(TrainingOptions options) => new()
    {
        L2Regularization = options.Lambda,
        SubsampleFraction = options.Subsample,
        SubsampleFrequency = options.Subsample < 1 ? 1 : 0,
        MaximumTreeDepth = options.MaxDepth,
    };

    /// <summary>LightGBM's own parameters no ML.NET option carries: the constraints, and reproducibility.</summary>
    static Dictionary<string, string> NativeParameters(TrainingOptions options)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["deterministic"] = "true",
            ["force_row_wise"] = "true",
        };
        if (options.Constrained)
        {
            parameters["monotone_constraints"] = string.Join(',', FeatureSchema.Features.Select(f => f.Monotone));
            parameters["interaction_constraints"] = FeatureSchema.InteractionConstraints[1..^1];
        }

        return parameters;
    }

    static Dictionary<string, string> Parameters(TrainingOptions options, Dictionary<string, string> native)
    {
        var invariant = CultureInfo.InvariantCulture;
        var parameters = new Dictionary<string, string>(native, StringComparer.Ordinal)
        {
            ["objective"] = options.Objective,
            ["learning_rate"] = options.LearningRate.ToString(invariant),
            ["num_leaves"] = options.Leaves.ToString(invariant),
            ["max_depth"] = options.MaxDepth.ToString(invariant),
            ["min_data_in_leaf"] = options.MinimumRowsPerLeaf.ToString(invariant),
            ["bagging_fraction"] = options.Subsample.ToString(invariant),
            ["lambda_l2"] = options.Lambda.ToString(invariant),
            ["max_rounds"] = options.MaxRounds.ToString(invariant),
            ["early_stopping_round"] = options.EarlyStoppingRounds.ToString(invariant),
            ["seed"] = options.Seed.ToString(invariant),
            ["num_threads"] = options.Threads.ToString(invariant),
        };
        if (options.Objective == MlNetModel.Binary)
        {
            parameters["sigmoid"] = "1";
        }

        return parameters;
    }

    static IEnumerable<float> Labels(IReadOnlyList<MissionRows> missions, TrainingOptions options) =>
        missions.SelectMany(m => m.Grades).Select(g => options.Objective == MlNetModel.Binary ? (g >= Relevance.Relevant ? 1f : 0f) : g);

    /// <summary>Rows streamed into ML.NET: binary labels are staffed-or-not, grades are the graded outcome, one group per mission.</summary>
    static IDataView Data(MLContext ml, IReadOnlyList<MissionRows> missions, TrainingOptions options)
    {
        IEnumerable<TrainingRow> Rows()
        {
            var width = FeatureSchema.Count;
            for (var g = 0; g < missions.Count; g++)
            {
                var mission = missions[g];
                for (var i = 0; i < mission.Rows; i++)
                {
                    yield return new TrainingRow
                    {
                        Features = mission.Features.AsSpan(i * width, width).ToArray(),
                        Label = mission.Grades[i] >= Relevance.Relevant,
                        Grade = mission.Grades[i],
                        // A key: 1-based, 0 being "missing" to ML.NET.
                        Group = (uint)g + 1,
                    };
                }
            }
        }

        var schema = MlNetModel.Schema<TrainingRow>();
        schema[nameof(TrainingRow.Group)].ColumnType = new KeyDataViewType(typeof(uint), missions.Count + 1);
        // Cached: LightGBM reads its input more than once, and the rows are small.
        return ml.Data.Cache(ml.Data.LoadFromEnumerable(Rows(), schema));
    }

    static byte[] Save(MLContext ml, ITransformer model, DataViewSchema schema)
    {
        using var saved = new MemoryStream();
        ml.Model.Save(model, schema, saved);
        saved.Position = 0;
        return StableZip(saved);
    }

    /// <summary>The zip rewritten so its bytes depend on its entries' content only (ML.NET stamps entries with the time).</summary>
    internal static byte[] StableZip(Stream zip)
    {
        using var source = new ZipArchive(zip, ZipArchiveMode.Read);
        using var stable = new MemoryStream();
        using (var target = new ZipArchive(stable, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
                copy.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }

        return stable.ToArray();
    }

    static (float[] Rows, int Count) Sample(IReadOnlyList<MissionRows> missions)
    {
        var rows = new List<float>();
        var count = 0;
        foreach (var mission in missions)
        {
            if (count + mission.Rows > SampleRows)
            {
                break;
            }

            rows.AddRange(mission.Features);
            count += mission.Rows;
        }

        return ([.. rows], count);
    }

    /// <summary>Total split gain and split count per feature.</summary>
    static List<FeatureImportance> FeatureImportance(Microsoft.ML.Trainers.FastTree.RegressionTreeEnsemble ensemble)
    {
        var gain = new double[FeatureSchema.Count];
        var splits = new int[FeatureSchema.Count];
        foreach (var tree in ensemble.Trees)
        {
            for (var n = 0; n < tree.NumberOfNodes; n++)
            {
                gain[tree.NumericalSplitFeatureIndexes[n]] += tree.SplitGains[n];
                splits[tree.NumericalSplitFeatureIndexes[n]]++;
            }
        }

        return [.. FeatureSchema.Names.Select((name, f) => new FeatureImportance(name, Math.Round(gain[f], 4), splits[f]))];
    }

    /// <summary>Mean absolute contribution of each factor over (a sample of) the test rows.</summary>
    static List<FactorImportance> FactorImportance(TreeEnsemble trees, (float[] Rows, int Count) sample)
    {
        var factors = Enum.GetValues<Factor>();
        var contributions = new double[sample.Count * factors.Length];
        if (sample.Count > 0)
        {
            trees.GroupContributions(sample.Rows, sample.Count, FeatureSchema.FactorOfFeature(), contributions);
        }

        return [.. factors.Select((factor, k) => new FactorImportance(
            factor.ToString().ToLowerInvariant(),
            sample.Count == 0 ? 0 : Math.Round(Enumerable.Range(0, sample.Count).Average(r => Math.Abs(contributions[r * factors.Length + k])), 6)))];
    }

    static SplitSummary Summary(IReadOnlyList<MissionRows> missions) => new(
        missions.Count,
        missions.Sum(m => m.Rows),
        missions.Count > 0 ? missions.Min(m => m.DecidedAt) : null,
        missions.Count > 0 ? missions.Max(m => m.DecidedAt) : null);
}
