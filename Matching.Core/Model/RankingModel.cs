using Matching.Core.Contracts;
using Matching.Core.Features;

namespace Matching.Core.Model;

/// <summary>
/// One model directory ready to serve: its card, its trees in the managed evaluator for scoring, and
/// libxgboost's booster as the reference the evaluator is checked against (and the explainer for
/// models whose trees mix factors).
/// </summary>
public sealed class RankingModel
{
    public const string ModelFile = "model.json";
    public const string CardFile = "card.json";

    static readonly int[] FactorOfFeature = FeatureSchema.FactorOfFeature();
    static readonly int FactorCount = Enum.GetValues<Factor>().Length;

    readonly TreeEnsemble trees;
    readonly Booster booster;
    readonly ModelExplainer explainer;

    RankingModel(ModelCard card, TreeEnsemble trees, Booster booster, string directory)
    {
        Card = card;
        Directory = directory;
        this.trees = trees;
        this.booster = booster;
        explainer = new ModelExplainer(trees, booster, FactorOfFeature);
    }

    public ModelCard Card { get; }

    public string Version => Card.Version;

    public string Directory { get; }

    public int TreeCount => trees.TreeCount;

    /// <summary>True when every tree uses one factor's features only, so factor contributions are read off the trees.</summary>
    public bool IsAdditiveOverFactors => explainer.IsAdditive;

    public string ExplanationMode => IsAdditiveOverFactors ? "exact per-factor tree sums" : "libxgboost TreeSHAP";

    public static RankingModel Load(string directory)
    {
        var cardPath = Path.Combine(directory, CardFile);
        var modelPath = Path.Combine(directory, ModelFile);
        if (!File.Exists(cardPath) || !File.Exists(modelPath))
        {
            throw new ModelLoadException($"Model directory '{directory}' must hold {ModelFile} and {CardFile}.");
        }

        ModelCard card;
        try
        {
            card = ModelCard.Read(cardPath);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException)
        {
            throw new ModelLoadException($"{cardPath} is not a valid model card: {e.Message}", e);
        }

        if (string.IsNullOrWhiteSpace(card.Version) || card.Version.Length > 100)
        {
            throw new ModelLoadException($"{cardPath} is not a valid model card: its version must be a non-blank name of at most 100 characters.");
        }

        if (card.FeatureSchema.Mismatch() is { } mismatch)
        {
            throw new ModelLoadException($"Model {card.Version} in '{directory}' is refused: {mismatch}.");
        }

        var json = File.ReadAllBytes(modelPath);
        try
        {
            var trees = TreeEnsemble.Parse(json);
            if (trees.FeatureCount != FeatureSchema.Count)
            {
                throw new ModelLoadException($"Model {card.Version} has {trees.FeatureCount} features; the schema has {FeatureSchema.Count}.");
            }

            if (trees.TreeCount == 0)
            {
                throw new ModelLoadException($"Model {card.Version} has no trees: it would give every candidate the same score.");
            }

            if (trees.Objective != card.Objective)
            {
                throw new ModelLoadException($"Model {card.Version}: its card says objective '{card.Objective}' but {ModelFile} was trained with '{trees.Objective}'.");
            }

            var booster = Booster.LoadJson(json);
            // Requests already run in parallel; a booster spreading each small prediction over the cores only oversubscribes them.
            booster.SetParam("nthread", "1");
            return new RankingModel(card, trees, booster, directory);
        }
        catch (Exception e) when (e is XGBoostException or InvalidDataException or System.Text.Json.JsonException or NotSupportedException)
        {
            throw new ModelLoadException($"{modelPath} cannot be served: {e.Message}", e);
        }
    }

    /// <summary>Margins (log-odds scale) for <paramref name="count"/> rows of <see cref="FeatureSchema.Count"/> features.</summary>
    public void PredictMargins(ReadOnlySpan<float> rows, int count, Span<float> margins) =>
        trees.PredictMargin(rows, count, margins);

    /// <summary>Factor contributions for the chosen rows, in the order given.</summary>
    public Factors[] Explain(ReadOnlySpan<float> rows, ReadOnlySpan<int> chosen)
    {
        var width = FeatureSchema.Count;
        var batch = new float[chosen.Length * width];
        for (var k = 0; k < chosen.Length; k++)
        {
            rows.Slice(chosen[k] * width, width).CopyTo(batch.AsSpan(k * width));
        }

        var contributions = new double[chosen.Length * FactorCount];
        explainer.GroupContributions(batch, chosen.Length, contributions);
        var result = new Factors[chosen.Length];
        for (var k = 0; k < chosen.Length; k++)
        {
            result[k] = ToFactors(contributions.AsSpan(k * FactorCount, FactorCount), explainer.Bias);
        }

        return result;
    }

    /// <summary>
    /// Scores a fixed, varied batch of feature rows and checks that the managed evaluator agrees with
    /// libxgboost, that scores are finite and that factors add up to the margin: a model that fails
    /// is never swapped in.
    /// </summary>
    public void CheckCanary()
    {
        const int count = 256;
        var width = FeatureSchema.Count;
        var rows = CanaryRows(count);
        var managed = new float[count];
        PredictMargins(rows, count, managed);
        var native = booster.InplacePredictMargin(rows, count, width);
        var everyRow = Enumerable.Range(0, count).ToArray();
        var factors = Explain(rows, everyRow);
        for (var i = 0; i < count; i++)
        {
            if (!float.IsFinite(managed[i]))
            {
                throw new ModelLoadException($"Model {Version} failed its canary: row {i} scored {managed[i]}.");
            }

            if (Math.Abs(managed[i] - native[i]) > 1e-4)
            {
                throw new ModelLoadException($"Model {Version} failed its canary: the managed evaluator gives {managed[i]} but libxgboost {native[i]} on row {i}.");
            }

            var f = factors[i];
            var sum = f.Baseline + f.Skills + f.Experience + f.Availability + f.Aspirations + f.Context;
            if (Math.Abs(sum - managed[i]) > 1e-3)
            {
                throw new ModelLoadException($"Model {Version} failed its canary: factors add up to {sum} but the margin is {managed[i]} on row {i}.");
            }
        }
    }

    /// <summary>Deterministic rows that reach across each feature's range, with some values missing.</summary>
    static float[] CanaryRows(int count)
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
