using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Matching.Core.Model;
using Matching.Training;
using Spectre.Console;

namespace Matching.Api.Cli;

static class EvaluateCommand
{
    public static Command Create()
    {
        var model = new Option<DirectoryInfo>("--model") { Description = "Model directory (model.zip or model.json, with card.json).", Required = true };
        var history = new Option<FileInfo>("--history") { Description = "Staffing history to measure on.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object (metrics, baseline, gate verdict) instead of a table; progress stays on standard error." };
        var gate = new Option<double?>("--min-ndcg10") { Description = "Promotion gate: print a pass/fail verdict and exit with code 1 when the model's NDCG@10 is below this." };
        var skipInvalid = CliDefaults.SkipInvalid();
        var catalog = CliDefaults.Catalog();
        var threads = CliDefaults.Threads("Threads reading the history file.");
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

            var console = CliConsole.Current;
            var verdict = parse.GetValue(gate) is { } minimum ? Gate.Judge(report.Model.NdcgAt(10), minimum) : null;
            if (parse.GetValue(json))
            {
                var result = new JsonObject
                {
                    ["model"] = ranking.Version,
                    ["history"] = parse.GetValue(history)!.Name,
                    ["missions"] = report.Model.Missions,
                    ["skippedLines"] = set.Errors.Count,
                    ["metrics"] = Metrics(report.Model),
                    ["baseline"] = Metrics(report.Baseline),
                };
                if (verdict is not null)
                {
                    result["gate"] = new JsonObject
                    {
                        ["metric"] = "ndcg@10",
                        ["minimum"] = verdict.Minimum,
                        ["value"] = Number(verdict.Value),
                        ["passed"] = verdict.Passed,
                    };
                }

                console.Out.WriteLine(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
                if (verdict is not null)
                {
                    // The JSON carries the verdict for scripts; the person watching the job sees it too.
                    console.Info(verdict.Line);
                }
            }
            else
            {
                PrintTable(console.Result, report, $"Model {ranking.Version} on {report.Model.Missions} missions");
                if (verdict is not null)
                {
                    console.Out.WriteLine(verdict.Line);
                }
            }

            if (report.Model.Missions > 0 && double.IsNaN(report.Model.NdcgAt(10)))
            {
                console.Warning("no mission of this history has a shortlisted or staffed candidate: there is nothing to measure ranking quality against.");
            }

            return verdict is { Passed: false } ? 1 : 0;
        }));
        return command;
    }

    /// <summary>A promotion gate's verdict: the model's NDCG@10 against the minimum (a metric that cannot be measured fails).</summary>
    sealed record Gate(double Value, double Minimum, bool Passed, string Line)
    {
        public static Gate Judge(double value, double minimum)
        {
            var passed = value >= minimum;
            var bound = minimum.ToString(CultureInfo.InvariantCulture);
            var line = double.IsNaN(value)
                ? $"gate: NDCG@10 cannot be measured on this history (no mission has a shortlisted or staffed candidate), minimum {bound}: fail"
                : string.Create(CultureInfo.InvariantCulture, $"gate: NDCG@10 {value:0.0000} {(passed ? "≥" : "<")} {bound}: {(passed ? "pass" : "fail")}");
            return new Gate(value, minimum, passed, line);
        }
    }

    /// <summary>A metric as JSON: rounded, or null when no mission qualified for it.</summary>
    static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(Math.Round(value, 5)) : null;

    static JsonObject Metrics(RankingQuality quality)
    {
        var metrics = new JsonObject();
        foreach (var k in RankingQuality.Cutoffs)
        {
            metrics[$"ndcg@{k}"] = Number(quality.NdcgAt(k));
        }

        metrics["map"] = Number(quality.Map);
        metrics["mrr"] = Number(quality.Mrr);
        return metrics;
    }

    static void PrintTable(IAnsiConsole console, EvaluationReport report, string title)
    {
        var table = new Table().Title(Markup.Escape(title)).AddColumns("Metric", "Model", "Baseline", "Difference");
        void Row(string name, double model, double baseline) => table.AddRow(name, F(model), F(baseline), F(model - baseline, signed: true));
        foreach (var k in RankingQuality.Cutoffs)
        {
            Row($"NDCG@{k}", report.Model.NdcgAt(k), report.Baseline.NdcgAt(k));
        }

        Row("MAP", report.Model.Map, report.Baseline.Map);
        Row("MRR", report.Model.Mrr, report.Baseline.Mrr);
        console.Write(table);
    }

    public static void PrintMetrics(IAnsiConsole console, RankingMetrics model, RankingMetrics baseline, string title)
    {
        var table = new Table().Title(Markup.Escape(title)).AddColumns("Metric", "Model", "Baseline", "Difference");
        table.AddRow("NDCG@5", F(model.Ndcg5), F(baseline.Ndcg5), F(model.Ndcg5 - baseline.Ndcg5, signed: true));
        table.AddRow("NDCG@10", F(model.Ndcg10), F(baseline.Ndcg10), F(model.Ndcg10 - baseline.Ndcg10, signed: true));
        table.AddRow("MAP", F(model.Map), F(baseline.Map), F(model.Map - baseline.Map, signed: true));
        table.AddRow("MRR", F(model.Mrr), F(baseline.Mrr), F(model.Mrr - baseline.Mrr, signed: true));
        console.Write(table);
    }

    static string F(double value, bool signed = false) =>
        !double.IsFinite(value) ? "n/a" : value.ToString(signed ? "+0.0000;-0.0000;0.0000" : "0.0000", CultureInfo.InvariantCulture);
}
