using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Matching.Core.Model;
using Matching.Core.Training;
using Spectre.Console;

namespace Matching.Api.Cli;

static class EvaluateCommand
{
    public static Command Create()
    {
        var model = new Option<DirectoryInfo>("--model") { Description = "Model directory (model.json + card.json).", Required = true };
        var history = new Option<FileInfo>("--history") { Description = "Staffing history to measure on.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print a machine-readable JSON object instead of a table." };
        var gate = new Option<double?>("--min-ndcg10") { Description = "Exit with code 1 when the model's NDCG@10 is below this (a promotion gate)." };
        var skipInvalid = CliDefaults.SkipInvalid();
        var catalog = CliDefaults.Catalog();
        var threads = CliDefaults.Threads();
        var command = new Command("evaluate", "Measure a model against the baseline on a staffing history.")
        {
            model, history, json, gate, skipInvalid, catalog, threads,
        };
        command.SetAction(parse => MatchingCli.Run(() =>
        {
            RankingModel ranking;
            try
            {
                ranking = RankingModel.Load(parse.GetValue(model)!.FullName);
            }
            catch (ModelLoadException e)
            {
                throw new CliException(e.Message);
            }

            var set = CliDefaults.ReadHistory(parse.GetValue(history)!, CliDefaults.LoadCatalog(parse.GetValue(catalog)!), parse.GetValue(threads), parse.GetValue(skipInvalid));
            var report = RankingEvaluation.Evaluate(set.Missions, mission =>
            {
                var margins = new float[mission.Rows];
                ranking.PredictMargins(mission.Features, mission.Rows, margins);
                return margins;
            });

            if (parse.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(new
                {
                    model = ranking.Version,
                    missions = report.Model.Missions,
                    skippedLines = set.Errors.Count,
                    metrics = Metrics(report.Model),
                    baseline = Metrics(report.Baseline),
                }, new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                PrintTable(report, $"Model {ranking.Version} on {report.Model.Missions} missions");
            }

            var threshold = parse.GetValue(gate);
            if (threshold is { } minimum && !(report.Model.NdcgAt(10) >= minimum))
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"NDCG@10 {report.Model.NdcgAt(10):0.0000} is below the gate {minimum:0.0000}."));
                return 1;
            }

            return 0;
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

    static void PrintTable(EvaluationReport report, string title)
    {
        var table = new Table().Title(title).AddColumns("Metric", "Model", "Baseline", "Difference");
        void Row(string name, double model, double baseline) => table.AddRow(name, F(model), F(baseline), F(model - baseline, signed: true));
        foreach (var k in RankingQuality.Cutoffs)
        {
            Row($"NDCG@{k}", report.Model.NdcgAt(k), report.Baseline.NdcgAt(k));
        }

        Row("MAP", report.Model.Map, report.Baseline.Map);
        Row("MRR", report.Model.Mrr, report.Baseline.Mrr);
        AnsiConsole.Write(table);
    }

    public static void PrintMetrics(RankingMetrics model, RankingMetrics baseline, string title)
    {
        var table = new Table().Title(title).AddColumns("Metric", "Model", "Baseline", "Difference");
        table.AddRow("NDCG@5", F(model.Ndcg5), F(baseline.Ndcg5), F(model.Ndcg5 - baseline.Ndcg5, signed: true));
        table.AddRow("NDCG@10", F(model.Ndcg10), F(baseline.Ndcg10), F(model.Ndcg10 - baseline.Ndcg10, signed: true));
        table.AddRow("MAP", F(model.Map), F(baseline.Map), F(model.Map - baseline.Map, signed: true));
        table.AddRow("MRR", F(model.Mrr), F(baseline.Mrr), F(model.Mrr - baseline.Mrr, signed: true));
        AnsiConsole.Write(table);
    }

    static string F(double value, bool signed = false) =>
        value.ToString(signed ? "+0.0000;-0.0000;0.0000" : "0.0000", CultureInfo.InvariantCulture);
}
