using System.Text.Json;
using System.Text.Json.Serialization;
using Matching.Core.Features;

namespace Matching.Core.Model;

/// <summary>
/// Everything a data scientist, an auditor or the service needs to know about one model, stored as
/// card.json beside model.json.
/// </summary>
public sealed record ModelCard
{
    public required string Version { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required CardSchema FeatureSchema { get; init; }

    public required string Objective { get; init; }

    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    public required string LibraryVersion { get; init; }

    public string? CatalogVersion { get; init; }

    public required TrainingSummary Training { get; init; }

    public required DataSummary Data { get; init; }

    /// <summary>Test metrics against the baseline; null for a model trained elsewhere (run <c>evaluate</c>).</summary>
    public CardMetrics? Metrics { get; init; }

    public IReadOnlyList<FeatureImportance>? FeatureImportance { get; init; }

    /// <summary>Each factor's mean absolute contribution to the margin over the test rows: how much each weighs.</summary>
    public IReadOnlyList<FactorImportance>? FactorImportance { get; init; }

    /// <summary>
    /// Each tree's mean output over the training rows, in tree order: the reference explanations are measured
    /// from, so a factor's contribution says how a candidate compares with the average one. Null for models
    /// that carry their own (XGBoost JSON covers).
    /// </summary>
    public IReadOnlyList<float>? TreeReferences { get; init; }

    public string? Notes { get; init; }

    /// <summary>The card as served by GET /v1/model: input files by name and hash only, never by path.</summary>
    public ModelCard WithoutPaths() => this with
    {
        Data = Data with { Inputs = [.. Data.Inputs.Select(i => i with { Path = System.IO.Path.GetFileName(i.Path) })] },
    };

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = ModelCardJson.Default,
    };

    /// <exception cref="InvalidDataException">The card is incomplete: a member or a list item it needs is missing or null.</exception>
    public static ModelCard Read(string path)
    {
        var card = JsonSerializer.Deserialize(File.ReadAllBytes(path), ModelCardJson.Default.ModelCard)
            ?? throw new InvalidDataException($"{Path.GetFileName(path)} is not a model card.");
        card.CheckComplete();
        return card;
    }

    /// <summary>
    /// The reader refuses nulls in members; nulls inside lists and maps it lets through, so they are
    /// checked here: a served card never has a hole an operation could fall into.
    /// </summary>
    void CheckComplete()
    {
        static void Require(bool holds, string what)
        {
            if (!holds)
            {
                throw new InvalidDataException($"{what} must not be null.");
            }
        }

        Require(FeatureSchema.Features.All(f => f is not null), "featureSchema.features items");
        Require(Parameters.All(p => p.Value is not null), "parameters values");
        Require(Data.Inputs.All(i => i is not null), "data.inputs items");
        Require(FeatureImportance?.All(f => f is not null) ?? true, "featureImportance items");
    }

    public string ToJson() => JsonSerializer.Serialize(this, ModelCardJson.Default.ModelCard);
}

public sealed record CardSchema(string Name, int Version, IReadOnlyList<CardFeature> Features)
{
    public static CardSchema Current { get; } = new(
        FeatureSchema.Name,
        FeatureSchema.Version,
        [.. FeatureSchema.Features.Select(f => new CardFeature(f.Name, f.Factor.ToString().ToLowerInvariant(), f.Monotone, f.Description))]);

    /// <summary>Why this schema cannot be served by the current code, or null when it can.</summary>
    public string? Mismatch()
    {
        if (Name != FeatureSchema.Name || Version != FeatureSchema.Version)
        {
            return $"the model expects feature schema {Name}/v{Version} but this service computes {FeatureSchema.Id}";
        }

        var names = Features.Select(f => f.Name).ToArray();
        if (!names.SequenceEqual(FeatureSchema.Names))
        {
            return $"the model's features [{string.Join(", ", names)}] differ from the service's [{string.Join(", ", FeatureSchema.Names)}]";
        }

        return null;
    }
}

public sealed record CardFeature(string Name, string Factor, int Monotone, string Description);

public sealed record TrainingSummary(
    int Rounds,
    int BestIteration,
    int EarlyStoppingRounds,
    string ValidationMetric,
    double ValidationScore,
    double Seconds,
    int Threads,
    int Seed);

public sealed record DataSummary
{
    public required IReadOnlyList<InputFile> Inputs { get; init; }

    public required SplitSummary Train { get; init; }

    public required SplitSummary Validation { get; init; }

    public required SplitSummary Test { get; init; }

    public int SkippedLines { get; init; }

    /// <summary>When the history was the database's recorded outcomes (<c>train --from-db</c>): its window and counts.</summary>
    public RecordedHistory? Database { get; init; }
}

/// <summary>
/// A history read from recorded outcomes: the decisions in the window, the missions and candidate entries they made (a
/// candidate decided on twice for one mission is one entry, with the latest decision), the first and last decision, and
/// the window asked for (days, UTC, both included; null when open).
/// </summary>
public sealed record RecordedHistory(int Decisions, int Missions, int Candidates, DateTimeOffset? FirstDecidedAt = null, DateTimeOffset? LastDecidedAt = null, DateOnly? From = null, DateOnly? To = null);

public sealed record InputFile(string Path, string Sha256, long Bytes);

public sealed record SplitSummary(int Missions, int Rows, DateOnly? From = null, DateOnly? To = null);

/// <param name="Calibration">For a binary model: its score as a probability of being staffed, on the test rows.</param>
public sealed record CardMetrics(RankingMetrics Model, RankingMetrics Baseline, string BaselineDescription, CardCalibration? Calibration = null);

public sealed record CardCalibration(int Rows, double MeanScore, double StaffedShare, double ExpectedCalibrationError);

/// <summary>Ranking quality on one set of missions; see docs/training.md for the definitions.</summary>
public sealed record RankingMetrics(double Ndcg5, double Ndcg10, double Map, double Mrr, int Missions);

/// <summary>A feature's total split gain and how many splits use it.</summary>
public sealed record FeatureImportance(string Feature, double TotalGain, int Splits);

public sealed record FactorImportance(string Factor, double MeanAbsContribution);

// Nulls where the card's types say none may be are refused as it is read, so a served card is whole.
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(ModelCard))]
public sealed partial class ModelCardJson : JsonSerializerContext;
