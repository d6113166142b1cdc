using System.CommandLine;
using System.Text;
using Matching.Core.Model;
using Microsoft.ML;

namespace Matching.Api.Cli;

/// <summary>Writes an ML.NET model directory's model as ONNX, for scoring in ONNX Runtime (Python, other stacks).</summary>
static class ExportOnnxCommand
{
    public const string FileName = "model.onnx";

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

            var graph = OnnxGraph.Read(File.ReadAllBytes(target));
            var console = CliConsole.Current;
            console.Say($"Wrote model {ranking.Version} ({ranking.Card.Objective}, {ranking.TreeCount} trees) as ONNX to {target} ({new FileInfo(target).Length:N0} bytes).");
            console.Say($"  inputs:  {string.Join(", ", graph.Inputs)}");
            console.Say($"  outputs: {string.Join(", ", graph.Outputs)}");
            console.Say($"Feed the features in the card's order ({string.Join(", ", ranking.Card.FeatureSchema.Features.Select(f => f.Name))}), NaN for missing; the score output is the model's margin, as the service's. Score an export-features CSV with scripts/python/score_onnx.py.");
        }));
        return command;
    }
}

/// <summary>
/// The graph inputs and outputs of an ONNX model (names, element types, shapes), read from its protobuf bytes:
/// enough to say what to feed and what comes out without an ONNX runtime.
/// </summary>
static class OnnxGraph
{
    public static (IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs) Read(byte[] model)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        foreach (var (field, graph) in Fields(model))
        {
            if (field != 7)
            {
                continue; // ModelProto.graph
            }

            foreach (var (member, value) in Fields(graph))
            {
                if (member == 11)
                {
                    inputs.Add(Describe(value)); // GraphProto.input
                }
                else if (member == 12)
                {
                    outputs.Add(Describe(value)); // GraphProto.output
                }
            }
        }

        return (inputs, outputs);
    }

    /// <summary>A ValueInfoProto as "name float[N,17]".</summary>
    static string Describe(ReadOnlyMemory<byte> valueInfo)
    {
        var name = "?";
        var type = "";
        foreach (var (field, value) in Fields(valueInfo))
        {
            if (field == 1)
            {
                name = Encoding.UTF8.GetString(value.Span);
            }
            else if (field == 2)
            {
                foreach (var (kind, tensor) in Fields(value))
                {
                    if (kind == 1)
                    {
                        type = Tensor(tensor); // TypeProto.tensor_type
                    }
                }
            }
        }

        return type.Length == 0 ? name : $"{name} {type}";
    }

    static string Tensor(ReadOnlyMemory<byte> tensor)
    {
        var element = "?";
        var dimensions = new List<string>();
        foreach (var (field, value) in Fields(tensor))
        {
            if (field == 2)
            {
                foreach (var (member, dimension) in Fields(value))
                {
                    if (member == 1)
                    {
                        dimensions.Add(Dimension(dimension)); // TensorShapeProto.dim
                    }
                }
            }
        }

        foreach (var (field, number) in Varints(tensor))
        {
            if (field == 1)
            {
                element = number switch { 1 => "float", 6 => "int32", 7 => "int64", 8 => "string", 9 => "bool", 11 => "double", _ => $"type{number}" };
            }
        }

        return $"{element}[{string.Join(",", dimensions)}]";
    }

    static string Dimension(ReadOnlyMemory<byte> dimension)
    {
        foreach (var (field, number) in Varints(dimension))
        {
            if (field == 1)
            {
                // ML.NET writes -1 for the batch dimension: any number of rows.
                return number < 0 ? "N" : number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        foreach (var (field, value) in Fields(dimension))
        {
            if (field == 2)
            {
                return Encoding.UTF8.GetString(value.Span);
            }
        }

        return "?";
    }

    /// <summary>The length-delimited fields of a protobuf message (strings, bytes, sub-messages).</summary>
    static IEnumerable<(int Field, ReadOnlyMemory<byte> Value)> Fields(ReadOnlyMemory<byte> message) =>
        Scan(message).Where(f => f.Wire == 2).Select(f => (f.Field, message.Slice(f.Start, f.Length)));

    /// <summary>The varint fields of a protobuf message (numbers, enums).</summary>
    static IEnumerable<(int Field, long Value)> Varints(ReadOnlyMemory<byte> message) =>
        Scan(message).Where(f => f.Wire == 0).Select(f => (f.Field, f.Number));

    static List<(int Field, int Wire, int Start, int Length, long Number)> Scan(ReadOnlyMemory<byte> message)
    {
        var span = message.Span;
        var result = new List<(int, int, int, int, long)>();
        var at = 0;
        while (at < span.Length)
        {
            var key = ReadVarint(span, ref at);
            var field = (int)(key >> 3);
            var wire = (int)(key & 7);
            switch (wire)
            {
                case 0:
                    result.Add((field, wire, at, 0, (long)ReadVarint(span, ref at)));
                    break;
                case 1:
                    at += 8;
                    break;
                case 2:
                    var length = checked((int)ReadVarint(span, ref at));
                    if (length < 0 || at + length > span.Length)
                    {
                        throw new InvalidDataException("The ONNX file is truncated.");
                    }

                    result.Add((field, wire, at, length, 0));
                    at += length;
                    break;
                case 5:
                    at += 4;
                    break;
                default:
                    throw new InvalidDataException($"The ONNX file has an unknown protobuf wire type {wire}.");
            }
        }

        return result;
    }

    static ulong ReadVarint(ReadOnlySpan<byte> span, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (at >= span.Length)
            {
                throw new InvalidDataException("The ONNX file is truncated.");
            }

            var b = span[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("The ONNX file has a malformed varint.");
    }
}
