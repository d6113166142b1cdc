using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Matching.Training.Generation;
using Matching.Training;
using Spectre.Console;

namespace Matching.Api.Cli;

/// <summary>How far from perfect a generated history lets a ranker get: ranking by the true utility, against the baseline.</summary>
static class OracleCommand
{
    public static Command Create()
    {
        var history = new Option<FileInfo>("--history") { Description = "A generated staffing history.", Required = true };
        var oracle = new Option<FileInfo>("--oracle") { Description = "The true utilities written with it (generate --oracle).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print a machine-readable JSON object instead of a table." };
        var skipInvalid = CliDefaults.SkipInvalid();
        var catalog = CliDefaults.Catalog();
        var threads = CliDefaults.Threads();
        var command = new Command(
            "oracle",
            "Measure ranking by each candidate's true utility (the oracle) and the baseline on a generated history: the room a model has to learn.")
        {
            history, oracle, json, skipInvalid, catalog, threads,
        };
        command.SetAction(parse => MatchingCli.Run(() =>
        {
            var oracleFile = parse.GetValue(oracle)!;
            if (!oracleFile.Exists)
            {
                throw new CliException($"Oracle file {oracleFile.FullName} not found.");
            }

            var set = CliDefaults.ReadHistory(parse.GetValue(history)!, CliDefaults.LoadCatalog(parse.GetValue(catalog)!), parse.GetValue(threads), parse.GetValue(skipInvalid));
            OracleReport report;
            try
            {
                report = OracleEvaluation.Evaluate(set.Missions, OracleFile.Read(oracleFile.FullName));
            }
            catch (InvalidDataException e)
            {
                throw new CliException(e.Message);
            }

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    missions = report.Oracle.Missions,
                    oracle = Metrics(report.Oracle),
                    baseline = Metrics(report.Baseline),
                    oracleIgnoringRules = Metrics(report.OracleIgnoringRules),
                }, new JsonSerializerOptions { WriteIndented = true }));
                return;
            }

            var table = new Table().Title($"Oracle and baseline on {report.Oracle.Missions} missions").AddColumns("Metric", "Oracle", "Baseline", "Oracle, rules ignored");
            foreach (var k in RankingQuality.Cutoffs)
            {
                table.AddRow($"NDCG@{k}", F(report.Oracle.NdcgAt(k)), F(report.Baseline.NdcgAt(k)), F(report.OracleIgnoringRules.NdcgAt(k)));
            }

            table.AddRow("MAP", F(report.Oracle.Map), F(report.Baseline.Map), F(report.OracleIgnoringRules.Map));
            table.AddRow("MRR", F(report.Oracle.Mrr), F(report.Baseline.Mrr), F(report.OracleIgnoringRules.Mrr));
            AnsiConsole.Write(table);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"NDCG@10: oracle {report.Oracle.NdcgAt(10):0.0000}, baseline {report.Baseline.NdcgAt(10):0.0000}. The oracle ranks what the service ranks by true utility, excluded candidates last. Baseline: {RankingEvaluation.BaselineDescription}"));
        }));
        return command;
    }

    static Dictionary<string, double> Metrics(RankingQuality quality)
    {
        var metrics = RankingQuality.Cutoffs.ToDictionary(k => $"ndcg@{k}", k => Math.Round(quality.NdcgAt(k), 5));
        metrics["map"] = Math.Round(quality.Map, 5);
        metrics["mrr"] = Math.Round(quality.Mrr, 5);
        return metrics;
    }

    static string F(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);
}
