using System.CommandLine;
using Matching.Core.Model;
using Microsoft.ML;

namespace Matching.Api.Cli;

/// <summary>Writes an ML.NET model directory's model as ONNX, for scoring in ONNX Runtime (Python, other stacks).</summary>
static class ExportOnnxCommand
{
    public const string FileName = "model.onnx";
    const string ScoreOutput = "Score.output";

    public static Command Create()
    {
        var model = new Option<DirectoryInfo>("--model") { Description = "Model directory written by train (model.zip + card.json).", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = $"ONNX file to write, replacing it (default: {FileName} in the model directory)." };
        var command = new Command("export-onnx", "Write an ML.NET model as ONNX: input \"Features\" (float[N, features], in the card's feature order, NaN for missing), output \"Score.output\" (the margin the service scores with).")
        {
            model, output,
        };
        command.SetAction(parse => MatchingCli.Run(() =>
        {
            var directory = parse.GetValue(model)!;
            var zip = Path.Combine(directory.FullName, MlNetModel.FileName);
            if (!directory.Exists)
            {
                throw new CliException($"Model directory {directory.FullName} not found.");
            }

            if (!File.Exists(zip))
            {
                throw new CliException(File.Exists(Path.Combine(directory.FullName, RankingModel.XGBoostFile))
                    ? $"{directory.FullName} holds an XGBoost JSON model ({RankingModel.XGBoostFile}), trained in Python; export-onnx converts ML.NET models ({MlNetModel.FileName}) only. Score it in Python with xgboost (scripts/python/predict.py)."
                    : $"{directory.FullName} holds no {MlNetModel.FileName}; give a model directory written by train.");
            }

            // The same checks as serving (card, schema, canary): only a model the service would serve is exported.
            RankingModel ranking;
            try
            {
                ranking = RankingModel.Load(directory.FullName);
            }
            catch (ModelLoadException e)
            {
                throw new CliException(e.Message);
            }

            var target = parse.GetValue(output)?.FullName ?? Path.Combine(directory.FullName, FileName);
            var folder = Path.GetDirectoryName(target)!;
            Directory.CreateDirectory(folder);
            var temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
            try
            {
                var ml = new MLContext(seed: 0);
                var transformer = MlNetModel.Load(ml, zip);
                using (var file = File.Create(temporary))
                {
                    MlNetModel.ExportOnnx(ml, transformer, file);
                }

                File.Move(temporary, target, overwrite: true);
            }
            finally
            {
                File.Delete(temporary);
            }

            // ML.NET's exporter names the graph after the pipeline's columns; a test scores the file with ONNX Runtime by these names.
            var console = CliConsole.Current;
            console.Say($"Wrote model {ranking.Version} ({ranking.Card.Objective}, {ranking.TreeCount} trees) as ONNX to {target} ({new FileInfo(target).Length:N0} bytes).");
            console.Say($"  inputs:  {MlNetModel.FeaturesColumn} float[N,{ranking.Card.FeatureSchema.Features.Count}]");
            console.Say($"  outputs: {ScoreOutput} float[N,1] (the margin)");
            console.Say($"Feed the features in the card's order ({string.Join(", ", ranking.Card.FeatureSchema.Features.Select(f => f.Name))}), NaN for missing; the score output is the model's margin, as the service's. Score an export-features CSV with scripts/python/score_onnx.py.");
        }));
        return command;
    }
}
