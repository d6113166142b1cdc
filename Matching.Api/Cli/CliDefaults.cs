using System.CommandLine;
using Matching.Core.Skills;
using Matching.Training;
using Spectre.Console;

namespace Matching.Api.Cli;

/// <summary>Options and steps several commands share.</summary>
static class CliDefaults
{
    public static Option<FileInfo> Catalog() => new("--catalog")
    {
        Description = "Skills catalog to resolve skill names with (default: the one shipped with the app).",
        DefaultValueFactory = _ => new FileInfo(Path.Combine(AppContext.BaseDirectory, "models", "catalog", "skills.json.gz")),
    };

    /// <summary>Worker threads for reading (or generating) history files; <paramref name="purpose"/> says what for in the help.</summary>
    public static Option<int> Threads(string purpose = "Worker threads for reading and generating.") => new("--threads")
    {
        Description = purpose,
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    public static Option<bool> SkipInvalid() => new("--skip-invalid")
    {
        Description = "Skip history lines that do not parse or validate (they are counted and reported) instead of failing.",
    };

    public static SkillCatalog LoadCatalog(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new CliException($"Skills catalog {file.FullName} not found (see docs/skills-catalog.md to build it).");
        }

        return SkillCatalog.Load(file.FullName);
    }

    /// <summary>Extracts features from a history file with a progress bar, then applies the skip-or-fail rule for bad lines.</summary>
    public static HistoryFeatureSet ReadHistory(FileInfo file, SkillCatalog catalog, int threads, bool skipInvalid)
    {
        if (!file.Exists)
        {
            throw new CliException($"History file {file.FullName} not found.");
        }

        var lines = File.ReadLines(file.FullName).Count(l => !string.IsNullOrWhiteSpace(l));
        HistoryFeatureSet? set = null;
        var console = CliConsole.Current;
        console.Status.Progress().AutoClear(false).Columns(
            new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask($"Reading {file.Name}", maxValue: Math.Max(1, lines));
                set = HistoryFeatures.Build(Path.GetRelativePath(Directory.GetCurrentDirectory(), file.FullName), catalog, threads, done => task.Value = done);
                task.Value = task.MaxValue;
            });

        ReportErrors(set!.Errors, skipInvalid);
        console.Info($"{file.Name}: {set.Missions.Count} missions, {set.Missions.Sum(m => m.Rows)} rankable rows, {set.Missions.Sum(m => m.ExcludedIds.Length)} excluded by the rules, {set.Errors.Count} invalid lines skipped.");
        return set;
    }

    static void ReportErrors(IReadOnlyList<HistoryLineError> errors, bool skipInvalid)
    {
        if (errors.Count == 0)
        {
            return;
        }

        var console = CliConsole.Current;
        foreach (var error in errors.Take(20))
        {
            console.Notice($"line {error.Line}: {error.Reason}");
        }

        if (errors.Count > 20)
        {
            console.Notice($"… and {errors.Count - 20} more invalid lines.");
        }

        if (!skipInvalid)
        {
            throw new CliException($"{errors.Count} history lines are invalid; fix them or pass --skip-invalid to skip them.");
        }

        console.Warning($"skipped {errors.Count} invalid lines (--skip-invalid).");
    }
}

/// <summary>A failure the user can act on: printed without a stack trace, exit code 2.</summary>
sealed class CliException(string message) : Exception(message);
