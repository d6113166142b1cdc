using System.CommandLine;
using System.Text.Json;
using Matching.Core.Contracts;
using Matching.Training.Generation;

namespace Matching.Api.Cli;

static class SampleCommand
{
    public static Command Create()
    {
        var candidates = new Option<int>("--candidates") { Description = "Candidates in the request.", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic organisation.", DefaultValueFactory = _ => 1 };
        var top = new Option<int>("--top") { Description = "The request's top.", DefaultValueFactory = _ => 10 };
        var index = new Option<int>("--mission") { Description = "Which sample mission of the organisation (0, 1, ...).", DefaultValueFactory = _ => 0 };
        var output = new Option<FileInfo>("--out") { Description = "File to write the POST /v1/match body to.", Required = true };
        var catalog = CliDefaults.Catalog();
        var command = new Command("sample", "Write a realistic POST /v1/match request from the synthetic organisation (demo data, benchmarks).")
        {
            candidates, seed, top, index, output, catalog,
        };
        command.SetAction(parse => MatchingCli.Run(() =>
        {
            var count = parse.GetValue(candidates);
            var world = new StaffingWorld(CliDefaults.LoadCatalog(parse.GetValue(catalog)!), parse.GetValue(seed), Math.Max(3000, count));
            var request = world.SampleRequest(count, parse.GetValue(top), parse.GetValue(index));
            var file = parse.GetValue(output)!;
            Directory.CreateDirectory(file.DirectoryName!);
            File.WriteAllText(file.FullName, JsonSerializer.Serialize(request, MatchingJson.Default.MatchRequest) + "\n");
            CliConsole.Current.Say($"Wrote a request with {request.Candidates!.Count} candidates to {file.FullName}.");
        }));
        return command;
    }
}
