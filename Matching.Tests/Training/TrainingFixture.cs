using Matching.Training.Generation;

namespace Matching.Tests.Training;

/// <summary>Small generated histories on disk, made once for the training tests.</summary>
static class TrainingFixture
{
    static readonly Lazy<string> Directory = new(() =>
    {
        var directory = Path.Combine(Path.GetTempPath(), $"matching-training-{Environment.ProcessId}");
        System.IO.Directory.CreateDirectory(directory);
        var world = new StaffingWorld(TestCatalog.Shared, seed: 1, population: 800);
        HistoryFile.Write(world, 240, null, Path.Combine(directory, "history.jsonl"), threads: 2);
        HistoryFile.Write(new StaffingWorld(TestCatalog.Shared, seed: 3, population: 800), 400, null, Path.Combine(directory, "holdout.jsonl"), threads: 2);
        return directory;
    });

    public static string History => Path.Combine(Directory.Value, "history.jsonl");

    /// <summary>Another seed: a different organisation's people and missions, never seen in training.</summary>
    public static string Holdout => Path.Combine(Directory.Value, "holdout.jsonl");

    public static string Scratch(string name) => Path.Combine(Directory.Value, $"{name}-{Guid.NewGuid():N}");
}
