using System.Security.Cryptography;
using System.Text;
using Matching.Core.Contracts;
using Matching.Core.Features;
using Microsoft.ML;

namespace Matching.Core.Model;

/// <summary>
/// One model directory ready to serve: its card, and its trees in the managed evaluator for scoring and exact
/// per-factor explanations. An ML.NET model (<c>model.zip</c>, the default) is read out of ML.NET and checked
/// against ML.NET's own scores; an XGBoost JSON model (<c>model.json</c>, trained in Python) is read by the
/// managed parser. Either way the same canary runs before anything is served.
/// </summary>
public sealed class RankingModel
{
    public const string CardFile = "card.json";

    /// <summary>A model trained elsewhere, as XGBoost JSON (scripts/python/train_from_export.py).</summary>
    public const string XGBoostFile = "model.json";

    /// <summary>No leaf of a model over these features comes near this: trained ones stay within ±20.</summary>
    public const float MaxLeafMagnitude = 1000;

    /// <summary>The largest model file read (the default model's is 0.07 MB); a card may be at most 16 MB.</summary>
    public const long MaxModelBytes = 256L << 20;
    internal const long MaxCardBytes = 16L << 20;

    /// <summary>Extracted trees and ML.NET agree this closely on every canary row.</summary>
    public const double ExtractionTolerance = 1e-5;

    static readonly int[] FactorOfFeature = FeatureSchema.FactorOfFeature();
    static readonly int[] Monotone = [.. FeatureSchema.Features.Select(f => f.Monotone)];
    static readonly int FactorCount = Enum.GetValues<Factor>().Length;

    readonly TreeEnsemble trees;

    RankingModel(ModelCard card, TreeEnsemble trees, string directory, string format)
    {
        Card = card;
        Directory = directory;
        Format = format;
        this.trees = trees;
    }

    /// <summary>The card as stored, with <see cref="ModelCard.Version"/> the version computed from the files.</summary>
    public ModelCard Card { get; }

    public string Version => Card.Version;

    public string Directory { get; }

    /// <summary>"ML.NET LightGbm" or "XGBoost JSON".</summary>
    public string Format { get; }

    public int TreeCount => trees.TreeCount;

    public string ExplanationMode => "exact per-factor tree sums";

    /// <summary>
    /// A model's version from what decides its scores and explanations: the model file's bytes, the objective,
    /// the feature schema and the trees' reference values. A changed model never serves under an old name.
    /// </summary>
    public static string VersionOf(string prefix, byte[] modelBytes, string objective, IReadOnlyList<float>? treeReferences)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(modelBytes);
        hash.AppendData(Encoding.UTF8.GetBytes($"\n{objective}\n{FeatureSchema.Id}\n"));
        foreach (var reference in treeReferences ?? [])
        {
            hash.AppendData(BitConverter.GetBytes(reference));
        }

        return $"{prefix}-{Convert.ToHexStringLower(hash.GetHashAndReset())[..12]}";
    }

    /// <summary>
    /// Loads a model directory and runs its canary; throws <see cref="ModelLoadException"/> with the reason when it cannot be
    /// served. The reason never names the directory (it may be named after a person): the caller knows which one it gave.
    /// </summary>
    public static RankingModel Load(string directory)
    {
        try
        {
            return Read(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ModelLoadException.Unreadable(e, directory);
        }
    }

    static RankingModel Read(string directory)
    {
        var cardPath = Path.Combine(directory, CardFile);
        var zipPath = Path.Combine(directory, MlNetModel.FileName);
        var jsonPath = Path.Combine(directory, XGBoostFile);
        var isMlNet = File.Exists(zipPath);
        if (!File.Exists(cardPath) || !isMlNet && !File.Exists(jsonPath))
        {
            throw new ModelLoadException($"The model directory must hold {CardFile} and {MlNetModel.FileName} (or {XGBoostFile}).");
        }

        var card = ReadCard(cardPath);
        var bytes = ReadRegularFile(isMlNet ? zipPath : jsonPath, MaxModelBytes);
        TreeEnsemble trees;
        Func<float[], int, float[]>? reference = null;
        try
        {
            if (isMlNet)
            {
                if (card.Objective is not (MlNetModel.Binary or MlNetModel.LambdaRank))
                {
                    throw new ModelLoadException($"The model's objective '{card.Objective}' is not one ML.NET models here are trained with ({MlNetModel.Binary}, {MlNetModel.LambdaRank}).");
                }

                ModelArchive.Check(bytes);
                var ml = new MLContext(seed: 0);
                var transformer = ml.Model.Load(new MemoryStream(bytes), out _);
                trees = MlNetModel.Extract(transformer, card.Objective, card.TreeReferences);
                reference = (rows, count) => MlNetModel.Score(ml, transformer, rows, count);
            }
            else
            {
                trees = XgboostJson.Parse(bytes);
                if (trees.Objective != card.Objective)
                {
                    throw new ModelLoadException($"The model's card says objective '{card.Objective}' but {XGBoostFile} was trained with '{trees.Objective}'.");
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException or NotSupportedException or InvalidOperationException or FormatException)
        {
            throw new ModelLoadException($"{Path.GetFileName(isMlNet ? zipPath : jsonPath)} cannot be served: {e.Message}", e);
        }

        if (trees.FeatureCount != FeatureSchema.Count)
        {
            throw new ModelLoadException($"The model has {trees.FeatureCount} features; the schema has {FeatureSchema.Count}.");
        }

        if (trees.TreeCount == 0)
        {
            throw new ModelLoadException($"The model has no trees: it would give every candidate the same score.");
        }

        var version = VersionOf(isMlNet ? "mlnet" : "xgb", bytes, card.Objective, card.TreeReferences);
        var model = new RankingModel(card with { Version = version }, trees, directory, isMlNet ? "ML.NET LightGbm" : "XGBoost JSON");
        model.CheckCanary(reference);
        return model;
    }

    static ModelCard ReadCard(string cardPath)
    {
        ModelCard card;
        ReadRegularFile(cardPath, MaxCardBytes);
        try
        {
            card = ModelCard.Read(cardPath);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException)
        {
            throw new ModelLoadException($"{CardFile} is not a valid model card: {e.Message}", e);
        }

        if (card.FeatureSchema.Mismatch() is { } mismatch)
        {
            throw new ModelLoadException($"The model is refused: {mismatch}.");
        }

        return card;
    }

    /// <summary>
    /// A model file's bytes, only when it is a plain file of a plausible size: not a link (which could point out of
    /// the models root, or at /dev/zero), not empty (FIFOs and devices report no length, and reading one would block
    /// or never end), at most <paramref name="maxBytes"/>; and never more than its length is read.
    /// </summary>
    internal static byte[] ReadRegularFile(string path, long maxBytes)
    {
        var file = new FileInfo(path);
        var name = Path.GetFileName(path);
        if (file.LinkTarget is not null)
        {
            throw new ModelLoadException($"{name} is a link; model files must be plain files inside the model directory.");
        }

        if (file.Length == 0 || file.Length > maxBytes)
        {
            throw new ModelLoadException($"{name} is {(file.Length == 0 ? "empty or not a plain file" : $"{file.Length:N0} bytes, over the {maxBytes:N0} allowed")}.");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var bytes = new byte[file.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Margins (log-odds scale) for <paramref name="count"/> rows of <see cref="FeatureSchema.Count"/> features.</summary>
    public void PredictMargins(ReadOnlySpan<float> rows, int count, Span<float> margins) =>
        trees.PredictMargin(rows, count, margins);

    /// <summary>Factor contributions for the chosen rows, in the order given: exact per-factor tree sums.</summary>
    public Factors[] Explain(ReadOnlySpan<float> rows, ReadOnlySpan<int> chosen)
    {
        var width = FeatureSchema.Count;
        var batch = new float[chosen.Length * width];
        for (var k = 0; k < chosen.Length; k++)
        {
            rows.Slice(chosen[k] * width, width).CopyTo(batch.AsSpan(k * width));
        }

        var contributions = new double[chosen.Length * FactorCount];
        trees.GroupContributions(batch, chosen.Length, FactorOfFeature, contributions);
        var result = new Factors[chosen.Length];
        for (var k = 0; k < chosen.Length; k++)
        {
            result[k] = ToFactors(contributions.AsSpan(k * FactorCount, FactorCount), trees.Bias);
        }

        return result;
    }

    /// <summary>
    /// What every model must pass before it serves: leaves finite and plausible; every tree within one factor
    /// (so explanations are exact); the monotone constraints of the schema kept by every split; on a fixed, varied
    /// batch of rows (missing values included) finite margins, factors that add up to them, and, for an ML.NET
    /// model, the extracted trees scoring as ML.NET itself does.
    /// </summary>
    void CheckCanary(Func<float[], int, float[]>? reference)
    {
        foreach (var leaf in trees.LeafValues())
        {
            if (!float.IsFinite(leaf) || Math.Abs(leaf) > MaxLeafMagnitude)
            {
                throw new ModelLoadException($"Model {Version} is refused: a leaf holds {leaf}, which no model over these features can mean.");
            }
        }

        if (!trees.IsAdditiveOver(FactorOfFeature))
        {
            throw new ModelLoadException($"Model {Version} is refused: some of its trees mix features of several factors, so its explanations could not be exact; train it with the per-factor interaction constraints.");
        }

        if (trees.MonotoneViolation(Monotone, FeatureSchema.Names) is { } violation)
        {
            throw new ModelLoadException($"Model {Version} is refused: {violation}, against the schema's monotone constraint.");
        }

        const int count = 256;
        var rows = CanaryRows(count);
        var margins = new float[count];
        PredictMargins(rows, count, margins);
        var expected = reference?.Invoke(rows, count);
        var factors = Explain(rows, [.. Enumerable.Range(0, count)]);
        for (var i = 0; i < count; i++)
        {
            if (!float.IsFinite(margins[i]))
            {
                throw new ModelLoadException($"Model {Version} failed its canary: row {i} scored {margins[i]}.");
            }

            if (expected is not null && !(Math.Abs(margins[i] - expected[i]) <= ExtractionTolerance * Math.Max(1, Math.Abs(expected[i]))))
            {
                throw new ModelLoadException($"Model {Version} failed its canary: the extracted trees give {margins[i]} but ML.NET {expected[i]} on row {i}.");
            }

            var f = factors[i];
            var sum = f.Baseline + f.Skills + f.Experience + f.Availability + f.Aspirations + f.Context;
            if (!double.IsFinite(sum) || Math.Abs(sum - margins[i]) > 1e-3)
            {
                throw new ModelLoadException($"Model {Version} failed its canary: factors add up to {sum} but the margin is {margins[i]} on row {i}.");
            }
        }
    }

    /// <summary>Deterministic rows that reach across each feature's range, with some values missing.</summary>
    internal static float[] CanaryRows(int count)
    {
        var random = new Random(20261122);
        var width = FeatureSchema.Count;
        var rows = new float[count * width];
        for (var i = 0; i < rows.Length; i++)
        {
            var feature = i % width;
            rows[i] = feature switch
            {
                FeatureSchema.RelatedExperience => random.Next(0, 6),
                FeatureSchema.RelatedExperienceYears => (float)(random.NextDouble() * 12),
                FeatureSchema.RelatedExperienceRating => random.Next(0, 4) == 0 ? float.NaN : random.Next(1, 6),
                FeatureSchema.MonthsSinceRelatedExperience => random.Next(0, 4) == 0 ? float.NaN : random.Next(0, 60),
                FeatureSchema.AvailabilityUnknown => random.Next(0, 2),
                FeatureSchema.ActiveMissions => random.Next(0, 4),
                FeatureSchema.LocationFit or FeatureSchema.LanguageFit => random.Next(0, 5) == 0 ? float.NaN : random.Next(0, 2),
                _ => (float)random.NextDouble(),
            };
        }

        return rows;
    }

    static Factors ToFactors(ReadOnlySpan<double> contributions, double baseline) => new(
        contributions[(int)Factor.Skills],
        contributions[(int)Factor.Experience],
        contributions[(int)Factor.Availability],
        contributions[(int)Factor.Aspirations],
        contributions[(int)Factor.Context],
        baseline);
}
