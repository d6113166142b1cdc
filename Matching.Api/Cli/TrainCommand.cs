using System.CommandLine;
using System.Globalization;
using Matching.Core.Training;
using Spectre.Console;

namespace Matching.Api.Cli;

static class TrainCommand
{
    public static Command Create()
    {
        var history = new Option<FileInfo>("--history") { Description = "Staffing history (JSON Lines) to learn from.", Required = true };
        var test = new Option<FileInfo?>("--test") { Description = "Separate history to measure on; without it the latest missions of --history are held out." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Model directory to write (model.zip + card.json), atomically.", Required = true };
        var replace = new Option<bool>("--replace") { Description = "Replace --out if it exists." };
        var defaults = new TrainingOptions();
        var objective = new Option<string>("--objective") { Description = "binary (staffed or not; the score is a probability) or lambdarank (orders only).", DefaultValueFactory = _ => defaults.Objective };
        objective.AcceptOnlyFromAmong([.. TrainingOptions.Objectives]);
        var seed = new Option<int>("--seed") { Description = "Training seed.", DefaultValueFactory = _ => defaults.Seed };
        var threads = new Option<int>("--train-threads") { Description = "LightGBM threads (fixed, so the same data and seed give the same model).", DefaultValueFactory = _ => defaults.Threads };
        var rounds = new Option<int>("--max-rounds") { Description = "Most boosting rounds.", DefaultValueFactory = _ => defaults.MaxRounds };
        var patience = new Option<int>("--early-stopping") { Description = "Rounds without validation gain before stopping.", DefaultValueFactory = _ => defaults.EarlyStoppingRounds };
        var depth = new Option<int>("--max-depth") { Description = "Tree depth limit.", DefaultValueFactory = _ => defaults.MaxDepth };
        var leaves = new Option<int>("--leaves") { Description = "Leaves per tree.", DefaultValueFactory = _ => defaults.Leaves };
        var eta = new Option<double>("--learning-rate") { Description = "Shrinkage per round.", DefaultValueFactory = _ => defaults.LearningRate };
        var unconstrained = new Option<bool>("--unconstrained") { Description = "Drop the monotone and per-factor interaction constraints (for comparison: the service refuses such a model)." };
        var skipInvalid = CliDefaults.SkipInvalid();
        var catalog = CliDefaults.Catalog();
        var readThreads = CliDefaults.Threads();
        var command = new Command("train", "Train a ranking model on a staffing history and write it with its model card.")
        {
            history, test, output, replace, objective, seed, threads, rounds, patience, depth, leaves, eta, unconstrained, skipInvalid, catalog, readThreads,
        };
        command.SetAction(parse => MatchingCli.Run(() =>
        {
            var options = new TrainingOptions
            {
                Objective = parse.GetValue(objective)!,
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
                MaxRounds = parse.GetValue(rounds),
                EarlyStoppingRounds = parse.GetValue(patience),
                MaxDepth = parse.GetValue(depth),
                Leaves = parse.GetValue(leaves),
                LearningRate = parse.GetValue(eta),
                Constrained = !parse.GetValue(unconstrained),
            };
            var target = parse.GetValue(output)!;
            if (target.Exists && !parse.GetValue(replace))
            {
                throw new CliException($"{target.FullName} exists; pass --replace to replace it.");
            }

            var skills = CliDefaults.LoadCatalog(parse.GetValue(catalog)!);
            var skip = parse.GetValue(skipInvalid);
            var train = CliDefaults.ReadHistory(parse.GetValue(history)!, skills, parse.GetValue(readThreads), skip);
            var testSet = parse.GetValue(test) is { } testFile ? CliDefaults.ReadHistory(testFile, skills, parse.GetValue(readThreads), skip) : null;
            var split = HistorySplit.ByTime(train.Missions, testSet?.Missions, options);
            AnsiConsole.MarkupLine($"Split by time: train {split.Train.Count} missions, validation {split.Validation.Count}, test {split.Test.Count}.");

            TrainedModel? trained = null;
            AnsiConsole.Status().Start("Training", status =>
            {
                var progress = new Reporter<TrainingProgress>(p => status.Status(string.Create(CultureInfo.InvariantCulture, $"{p.Stage} ({p.Seconds:0} s)")));
                trained = Trainer.Train(split, [.. new[] { train, testSet }.OfType<HistoryFeatureSet>().Select(s => s.Input)],
                    train.Errors.Count + (testSet?.Errors.Count ?? 0), options, skills.Version, progress);
            });

            ModelDirectory.Write(target.FullName, trained!.ModelZip, trained.Card, parse.GetValue(replace));
            EvaluateCommand.PrintMetrics(trained.Card.Metrics!.Model, trained.Card.Metrics.Baseline, $"Test set ({split.Test.Count} missions)");
            AnsiConsole.MarkupLineInterpolated($"Model {trained.Card.Version}: {trained.Card.Training.Rounds} trees in {trained.Card.Training.Seconds} s, written to {target.FullName}.");
        }));
        return command;
    }

    /// <summary>Reports on the caller's thread; <see cref="Progress{T}"/> would post to the thread pool and lag behind.</summary>
    sealed class Reporter<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
