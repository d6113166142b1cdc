using System.Diagnostics;
using System.Runtime.InteropServices;
using Matching.Core.Model;
using static Matching.Tests.Model.TrainedModels;

namespace Matching.Tests.Model;

public class PythonInteropTests
{
    // Debian's python3-xgboost lives with the system interpreter, not with a pyenv python3 on PATH.
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import sys, numpy, xgboost
        model, rows, features, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
        booster = xgboost.Booster(model_file=model)
        x = numpy.fromfile(rows, dtype="<f4").reshape(-1, features)
        margins = booster.predict(xgboost.DMatrix(x, missing=numpy.nan), output_margin=True)
        margins.astype("<f4").tofile(out)
        """;

    [Test]
    public void Python_xgboost_loads_the_saved_json_and_predicts_the_same_margins()
    {
        if (!PythonXGBoostAvailable(out var reason))
        {
            Prerequisite.Missing($"python3-xgboost is not installed ({reason}); apt-get install python3-xgboost to run this test");
        }
        using var booster = Train(Parameters("rank:ndcg"), rounds: 30);
        var rows = Rows(2000, seed: 31, missingRate: 0.1);
        var margins = new float[2000];
        TreeEnsemble.Parse(booster.SaveJson()).PredictMargin(rows, 2000, margins);
        var directory = Directory.CreateTempSubdirectory("matching-python-");
        try
        {
            var model = Path.Combine(directory.FullName, "model.json");
            var input = Path.Combine(directory.FullName, "rows.f32");
            var output = Path.Combine(directory.FullName, "margins.f32");
            File.WriteAllBytes(model, booster.SaveJson());
            File.WriteAllBytes(input, MemoryMarshal.AsBytes(rows.AsSpan()).ToArray());

            var (exitCode, error) = Run("-c", Script, model, input, FeatureCount.ToString(System.Globalization.CultureInfo.InvariantCulture), output);

            Assert.That(exitCode, Is.Zero, error);
            Assert.That(MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(output)).ToArray(), Is.EqualTo(margins));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static bool PythonXGBoostAvailable(out string reason)
    {
        if (!File.Exists(Python))
        {
            reason = $"{Python} not found";
            return false;
        }
        var (exitCode, error) = Run("-c", "import xgboost, numpy");
        reason = error.Trim();
        return exitCode == 0;
    }

    private static (int ExitCode, string Error) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error.Result);
    }
}
