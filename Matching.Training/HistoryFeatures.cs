using System.Security.Cryptography;
using Matching.Core.Features;
using Matching.Core.History;
using Matching.Core.Model;
using Matching.Core.Skills;
using Matching.Core.Validation;

namespace Matching.Training;

/// <summary>
/// One historical mission as the ranker sees it: feature rows and grades of the candidates it would
/// rank, and the grades of those its rules would exclude (they go to the bottom in evaluation).
/// </summary>
public sealed record MissionRows(
    string MissionId,
    DateOnly DecidedAt,
    int Line,
    float[] Features,
    int[] Grades,
    string[] CandidateIds,
    int[] ExcludedGrades,
    string[] ExcludedIds)
{
    public int Rows => Grades.Length;
}

public sealed record HistoryFeatureSet(IReadOnlyList<MissionRows> Missions, IReadOnlyList<HistoryLineError> Errors, InputFile Input);

/// <summary>Turns a staffing history file into feature rows with the service's own feature extractor.</summary>
public static class HistoryFeatures
{
    /// <param name="progress">Receives the number of lines processed so far, from worker threads.</param>
    public static HistoryFeatureSet Build(string path, SkillCatalog catalog, int threads, Action<int>? progress = null)
    {
        // The path as the user gave it: a card must not carry one machine's directory layout.
        var input = new InputFile(path, Sha256(path), new FileInfo(path).Length);
        var validator = new MatchRequestValidator(MatchLimits.Default);
        var done = 0;
        var outcomes = File.ReadLines(path)
            .Select((text, index) => (Text: text, Number: index + 1))
            .Where(line => !string.IsNullOrWhiteSpace(line.Text))
            .AsParallel().AsOrdered().WithDegreeOfParallelism(Math.Max(1, threads))
            .Select(line =>
            {
                var (valid, error) = HistoryReader.Parse(line.Number, line.Text, validator);
                var rows = valid is null ? null : TryExtract(valid, catalog);
                if (rows is null && valid is not null)
                {
                    error = new HistoryLineError(line.Number, "mission.description: no skill was found in the description and none is listed, so there is nothing to rank by.");
                }
                progress?.Invoke(Interlocked.Increment(ref done));
                return (Rows: rows, Error: error);
            })
            .ToList();

        return new HistoryFeatureSet(
            [.. outcomes.Where(o => o.Rows is not null).Select(o => o.Rows!)],
            [.. outcomes.Where(o => o.Error is not null).Select(o => o.Error!)],
            input);
    }

    /// <summary>The line's rows; throws when its mission ends up requiring no skill.</summary>
    public static MissionRows Extract(HistoryLine line, SkillCatalog catalog) =>
        TryExtract(line, catalog) ?? throw new InvalidOperationException($"Line {line.Line}: the mission lists no skill and its description names none.");

    /// <summary>The line's rows; null when its mission ends up requiring no skill (no skills listed, none found in its description).</summary>
    public static MissionRows? TryExtract(HistoryLine line, SkillCatalog catalog)
    {
        var history = line.Mission;
        var mission = MissionProfile.Create(history.Mission!, new SkillSpace(catalog));
        if (mission.Skills.Count == 0)
        {
            return null;
        }

        var width = FeatureSchema.Count;
        var candidates = history.Candidates!;
        var features = new List<float>(candidates.Count * width);
        var grades = new List<int>(candidates.Count);
        var ids = new List<string>(candidates.Count);
        var excludedGrades = new List<int>();
        var excludedIds = new List<string>();
        var row = new float[width];
        foreach (var entry in candidates)
        {
            var evidence = FeatureExtractor.Assess(mission, entry.Candidate!, row);
            var grade = Relevance.Of(entry.Outcome!.Value, entry.Rating);
            if (evidence.IsExcluded)
            {
                excludedGrades.Add(grade);
                excludedIds.Add(entry.Candidate!.Id!);
            }
            else
            {
                features.AddRange(row);
                grades.Add(grade);
                ids.Add(entry.Candidate!.Id!);
            }
        }

        return new MissionRows(history.Mission!.Id!, history.DecidedAt!.Value, line.Line, [.. features], [.. grades], [.. ids], [.. excludedGrades], [.. excludedIds]);
    }

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
