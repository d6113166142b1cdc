using System.CommandLine;
using Matching.Core.Generation;
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
        var catalog = CliDefaults.Catalog();
        var threads = CliDefaults.Threads();
        var command = new Command("generate", "Write a synthetic staffing history (see docs/synthetic-history.md).")
        {
            missions, seed, output, candidates, population, catalog, threads,
        };
        command.SetAction(parse => MatchingCli.Run(() =>
        {
            var count = parse.GetValue(missions);
            if (count < 1)
            {
                throw new CliException("--missions must be at least 1.");
            }

            var world = new StaffingWorld(CliDefaults.LoadCatalog(parse.GetValue(catalog)!), parse.GetValue(seed), parse.GetValue(population));
            var file = parse.GetValue(output)!;
            AnsiConsole.Progress().AutoClear(false).Start(context =>
            {
                var task = context.AddTask($"Generating {file.Name}", maxValue: count);
                HistoryFile.Write(world, count, parse.GetValue(candidates), file.FullName, parse.GetValue(threads), done => task.Value = done);
            });
            AnsiConsole.MarkupLineInterpolated($"Wrote {count} missions to {file.FullName} ({new FileInfo(file.FullName).Length / 1e6:0.0} MB).");
        }));
        return command;
    }
}
