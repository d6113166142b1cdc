using System.CommandLine;
using System.Globalization;
using Matching.Core.Model;
using Matching.Training;
using Spectre.Console;

namespace Matching.Api.Cli;

static class TrainCommand
{
    public static Command Create()
    {
        var history = new Option<FileInfo?>("--history") { Description = "Staffing history (JSON Lines) to learn from (or --from-db)." };
        var fromDb = new Option<bool>("--from-db")
        {
            Description = "Learn from the outcomes recorded in the database (ConnectionStrings__Matching or --connection-string), read as export-history writes them, instead of --history.",
        };
        var connection = DatabaseCommands.ConnectionString();
        var from = DatabaseCommands.From();
        var to = DatabaseCommands.To();
        var test = new Option<FileInfo?>("--test") { Description = "Separate history to measure on; without it the latest missions of --history are held out." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Model directory to write (model.zip + card.json), atomically.", Required = true };
        var replace = new Option<bool>("--replace") { Description = "Replace --out if it exists." };
        var defaults = new TrainingOptions();
        var objective = new Option<string>("--objective") { Description = "binary (staffed or not; the score is a probability) or lambdarank (orders only).", DefaultValueFactory = _ => defaults.Objective };
        objective.AcceptOnlyFromAmong([.. TrainingOptions.Objectives]);
        var seed = new Option<int>("--seed") { Description = "Training seed.", DefaultValueFactory = _ => defaults.Seed };
        var threads = new Option<int>("--train-threads")
        {
            Description = "Threads LightGBM trains with. Part of the model's recipe: the same data, seed and --train-threads give the same model bytes.",
            DefaultValueFactory = _ => defaults.Threads,
        };
        var rounds = new Option<int>("--max-rounds") { Description = "Most boosting rounds.", DefaultValueFactory = _ => defaults.MaxRounds };
        var patience = new Option<int>("--early-stopping") { Description = "Rounds without validation gain before stopping.", DefaultValueFactory = _ => defaults.EarlyStoppingRounds };
        var depth = new Option<int>("--max-depth") { Description = "Tree depth limit.", DefaultValueFactory = _ => defaults.MaxDepth };
        var leaves = new Option<int>("--leaves") { Description = "Leaves per tree.", DefaultValueFactory = _ => defaults.Leaves };
        var eta = new Option<double>("--learning-rate") { Description = "Shrinkage per round.", DefaultValueFactory = _ => defaults.LearningRate };
        var unconstrained = new Option<bool>("--unconstrained") { Description = "Drop the monotone and per-factor interaction constraints (for comparison: the service refuses such a model)." };
        var skipInvalid = CliDefaults.SkipInvalid();
        var catalog = CliDefaults.Catalog();
        var readThreads = CliDefaults.Threads("Threads reading the history files (any number gives the same features and model).");
        var command = new Command("train", "Train a ranking model on a staffing history and write it with its model card.")
        {
            history, fromDb, connection, from, to, test, output, replace, objective, seed, threads, rounds, patience, depth, leaves, eta, unconstrained, skipInvalid, catalog, readThreads,
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
            if (parse.GetValue(history) is null == !parse.GetValue(fromDb))
            {
                throw new CliException("Give either --history FILE or --from-db.");
            }

            var (train, recorded) = parse.GetValue(history) is { } file
                ? (CliDefaults.ReadHistory(file, skills, parse.GetValue(readThreads), skip), null)
                : DatabaseCommands.ReadRecordedHistory(parse.GetValue(connection)!, parse.GetValue(from), parse.GetValue(to), skills, parse.GetValue(readThreads), skip);
            var testSet = parse.GetValue(test) is { } testFile ? CliDefaults.ReadHistory(testFile, skills, parse.GetValue(readThreads), skip) : null;
            var console = CliConsole.Current;
            var split = Refusable(() => HistorySplit.ByTime(train.Missions, testSet?.Missions, options));
            console.Info($"Split by time: train {split.Train.Count} missions, validation {split.Validation.Count}, test {split.Test.Count}.");
            CheckTestSet(split, testSet is not null);

            TrainedModel? trained = null;
            console.Status.Status().Start("Training", status =>
            {
                var progress = new Reporter<TrainingProgress>(p => status.Status(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{p.Stage} ({p.Seconds:0} s)"))));
                trained = Refusable(() => Trainer.Train(split, [.. new[] { train, testSet }.OfType<HistoryFeatureSet>().Select(s => s.Input)],
                    train.Errors.Count + (testSet?.Errors.Count ?? 0), options, skills.Version, progress));
            });

            var card = trained!.Card with { Data = trained.Card.Data with { Database = recorded } };
            CheckMeasured(split, card, testSet is not null);
            var metrics = card.Metrics!;
            if (metrics.Model.Ndcg10 < metrics.Baseline.Ndcg10)
            {
                var missions = metrics.Model.Missions;
                var warning = string.Create(CultureInfo.InvariantCulture,
                    $"test NDCG@10 {metrics.Model.Ndcg10:0.0000} is below the baseline (weighted skill coverage) {metrics.Baseline.Ndcg10:0.0000} on {missions} test mission{(missions == 1 ? "" : "s")}: this model ranks worse than the baseline; do not promote it.");
                console.Warning($"{warning} More history, another --objective or other options may help.");
                card = card with { Notes = string.IsNullOrEmpty(card.Notes) ? $"Warning: {warning}" : $"{card.Notes} Warning: {warning}" };
            }

            ModelDirectory.Write(target.FullName, trained.ModelZip, card, parse.GetValue(replace));
            EvaluateCommand.PrintMetrics(console.Status, metrics.Model, metrics.Baseline, $"Test set ({split.Test.Count} missions)");
            console.Say(string.Create(CultureInfo.InvariantCulture,
                $"Model {card.Version}: {card.Training.Rounds} trees in {card.Training.Seconds} s, written to {target.FullName}."));
        }));
        return command;
    }

    /// <summary>The trainer's refusals of a history it cannot learn from (too few missions, outcomes all alike) are the user's to fix: no stack trace.</summary>
    static T Refusable<T>(Func<T> step)
    {
        try
        {
            return step();
        }
        catch (InvalidOperationException e)
        {
            throw new CliException(e.Message);
        }
    }

    /// <summary>The test metrics (written to the card) need test missions: refused before training when there are none.</summary>
    static void CheckTestSet(HistorySplit split, bool separate)
    {
        if (split.Test.Count == 0)
        {
            throw new CliException(separate
                ? "The --test history has no usable mission: the model could not be measured."
                : "The history is too short to hold out any mission for testing: the model could not be measured; give a longer history, or a separate --test history.");
        }

        if (split.Test.Count < 20)
        {
            CliConsole.Current.Warning($"only {split.Test.Count} test mission{(split.Test.Count == 1 ? "" : "s")}: the test metrics say little about the model; train on a longer history or give a --test history.");
        }
    }

    /// <summary>Every metric the card records must be a number: a metric over no qualifying mission is not, and the card is not written.</summary>
    static void CheckMeasured(HistorySplit split, ModelCard card, bool separate)
    {
        var metrics = card.Metrics!;
        double[] values = [metrics.Model.Ndcg5, metrics.Model.Ndcg10, metrics.Model.Map, metrics.Model.Mrr,
            metrics.Baseline.Ndcg5, metrics.Baseline.Ndcg10, metrics.Baseline.Map, metrics.Baseline.Mrr];
        if (values.Any(v => !double.IsFinite(v)))
        {
            var source = separate ? "The --test history's missions have" : $"The {split.Test.Count} latest missions, held out for testing, have";
            var hint = separate ? "give a --test history with staffed candidates" : "give a longer history, or a separate --test history";
            throw new CliException($"{source} no staffed candidate, so ranking quality cannot be measured on them; {hint}. No model was written.");
        }

        if (!double.IsFinite(card.Training.ValidationScore))
        {
            throw new CliException("The validation missions (the latest before the test ones) have no shortlisted or staffed candidate, so early stopping measured nothing; give a longer history. No model was written.");
        }
    }

    /// <summary>Reports on the caller's thread; <see cref="Progress{T}"/> would post to the thread pool and lag behind.</summary>
    sealed class Reporter<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
