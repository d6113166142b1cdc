using System.CommandLine;
using Matching.Training.Generation;
using Spectre.Console;

namespace Matching.Api.Cli;

static class GenerateCommand
{
    public static Command Create()
    {
        var missions = new Option<int>("--missions") { Description = "Number of historical missions to write.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed gives the same file.", DefaultValueFactory = _ => 1 };
        var output = new Option<FileInfo>("--out") { Description = "JSON Lines file to write.", Required = true };
        var candidates = new Option<int?>("--candidates") { Description = "Candidates per mission (default: 20 to 60, drawn per mission)." };
        var population = new Option<int>("--population") { Description = "People in the synthetic organisation.", DefaultValueFactory = _ => 3000 };
        var world = new Option<string>("--world")
        {
            Description = "The world's latent process: base (the default model's world), thresholds or noisy (see docs/synthetic-history.md).",
            DefaultValueFactory = _ => OutcomeProcess.Base.Name,
        };
        world.AcceptOnlyFromAmong([.. OutcomeProcess.Names]);
        var oracle = new Option<FileInfo?>("--oracle") { Description = "Also write each candidate's true utility here (JSON Lines, one per mission), for the oracle command; never in the history." };
        var catalog = CliDefaults.Catalog();
        var threads = CliDefaults.Threads();
        var command = new Command("generate", "Write a synthetic staffing history (see docs/synthetic-history.md).")
        {
            missions, seed, output, candidates, population, world, oracle, catalog, threads,
        };
        command.SetAction(parse => MatchingCli.Run(() =>
        {
            var count = parse.GetValue(missions);
            if (count < 1)
            {
                throw new CliException("--missions must be at least 1.");
            }

            var process = OutcomeProcess.Named(parse.GetValue(world)!);
            var staffing = new StaffingWorld(CliDefaults.LoadCatalog(parse.GetValue(catalog)!), parse.GetValue(seed), parse.GetValue(population), process);
            var file = parse.GetValue(output)!;
            var truth = parse.GetValue(oracle);
            if (truth is not null && Path.GetFullPath(truth.FullName) == Path.GetFullPath(file.FullName))
            {
                throw new CliException("--oracle must name another file than --out: the true utilities never go into the history.");
            }

            AnsiConsole.Progress().AutoClear(false).Start(context =>
            {
                var task = context.AddTask($"Generating {file.Name}", maxValue: count);
                HistoryFile.Write(staffing, count, parse.GetValue(candidates), file.FullName, parse.GetValue(threads), done => task.Value = done, truth?.FullName);
            });
            AnsiConsole.MarkupLineInterpolated($"Wrote {count} missions of the {process.Name} world to {file.FullName} ({new FileInfo(file.FullName).Length / 1e6:0.0} MB).");
            if (truth is not null)
            {
                AnsiConsole.MarkupLineInterpolated($"Wrote their candidates' true utilities to {truth.FullName} (oracle --history {file.Name} --oracle {truth.Name}).");
            }
        }));
        return command;
    }
}
