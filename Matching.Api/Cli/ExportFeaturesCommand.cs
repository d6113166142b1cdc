using System.CommandLine;
using Matching.Core.Features;
using Matching.Training;

namespace Matching.Api.Cli;

static class ExportFeaturesCommand
{
    public static Command Create()
    {
        var history = new Option<FileInfo>("--history") { Description = "Staffing history to turn into feature rows.", Required = true };
        var output = new Option<FileInfo>("--out") { Description = "Feature file to write; the schema goes beside it as <file>.schema.json.", Required = true };
        var format = new Option<string>("--format")
        {
            Description = "csv (header; qid, label, candidate_id, features; empty cell = missing) or libsvm (label qid:N index:value; missing left out).",
            DefaultValueFactory = _ => "csv",
        };
        format.AcceptOnlyFromAmong("csv", "libsvm");
        var skipInvalid = CliDefaults.SkipInvalid();
        var catalog = CliDefaults.Catalog();
        var threads = CliDefaults.Threads("Threads reading the history file.");
        var command = new Command("export-features", "Export the rankable rows of a history as a feature matrix with query groups, for training elsewhere (e.g. Python).")
        {
            history, output, format, skipInvalid, catalog, threads,
        };
        command.SetAction(parse => MatchingCli.Run(() =>
        {
            var set = CliDefaults.ReadHistory(parse.GetValue(history)!, CliDefaults.LoadCatalog(parse.GetValue(catalog)!), parse.GetValue(threads), parse.GetValue(skipInvalid));
            var file = parse.GetValue(output)!.FullName;
            var rows = parse.GetValue(format) == "csv" ? FeatureExport.WriteCsv(set.Missions, file) : FeatureExport.WriteLibSvm(set.Missions, file);
            CliConsole.Current.Say($"Wrote {rows} rows in {set.Missions.Count(m => m.Rows > 0)} query groups to {file}; schema {FeatureSchema.Id} in {FeatureExport.SchemaPath(file)}.");
        }));
        return command;
    }
}
