using System.CommandLine;
using System.Text.Json;
using Matching.Core.Contracts;
using Matching.Core.Model;
using Matching.Core.Ranking;
using Matching.Core.Validation;

namespace Matching.Api.Cli;

/// <summary>What the service would answer to a request, without a server: for notebooks, pipelines and the API examples.</summary>
static class MatchCommand
{
    public static Command Create()
    {
        var request = new Option<FileInfo>("--request") { Description = "A POST /v1/match body.", Required = true };
        var model = new Option<DirectoryInfo>("--model")
        {
            Description = "Model directory (default: the one shipped with the app).",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(AppContext.BaseDirectory, "models", "default")),
        };
        var output = new Option<FileInfo?>("--out") { Description = "Write the response here instead of standard output." };
        var requestId = new Option<string>("--request-id") { Description = "Request id to put in the response.", DefaultValueFactory = _ => "offline" };
        var catalog = CliDefaults.Catalog();
        var command = new Command("match", "Rank a request's candidates offline, exactly as POST /v1/match would.")
        {
            request, model, output, requestId, catalog,
        };
        command.SetAction(parse => MatchingCli.Run(() =>
        {
            var file = parse.GetValue(request)!;
            byte[] body;
            try
            {
                body = File.ReadAllBytes(file.FullName);
            }
            catch (IOException e)
            {
                throw new CliException($"{file.Name} cannot be read: {e.Message}");
            }

            RankingModel ranking;
            try
            {
                ranking = RankingModel.Load(parse.GetValue(model)!.FullName);
            }
            catch (ModelLoadException e)
            {
                throw new CliException(e.Message);
            }

            var pipeline = new MatchPipeline(new Ranker(CliDefaults.LoadCatalog(parse.GetValue(catalog)!)), new MatchRequestValidator(MatchLimits.Default));
            var outcome = pipeline.Run(body, ranking, parse.GetValue(requestId)!);
            var response = outcome.Response ?? throw new CliException($"{file.Name} is not a valid request: {outcome.Errors}");
            var json = JsonSerializer.Serialize(response, MatchingJson.Default.MatchResponse);
            if (parse.GetValue(output) is { } target)
            {
                File.WriteAllText(target.FullName, json + "\n");
            }
            else
            {
                CliConsole.Current.Out.WriteLine(json);
            }
        }));
        return command;
    }
}
