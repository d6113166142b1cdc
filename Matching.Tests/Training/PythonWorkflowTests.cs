using System.Diagnostics;
using System.Globalization;
using Matching.Core.Features;
using Matching.Core.Model;
using Matching.Core.Training;

namespace Matching.Tests.Training;

/// <summary>
/// The data scientists' round trip with Debian's python3-xgboost (installed by scripts/test.sh):
/// the service's model.json scores the same in Python, and a model trained in Python on exported
/// features is served by the service with the same scores.
/// </summary>
public class PythonWorkflowTests
{
    const string Python = "/usr/bin/python3";

    static string Scripts => Path.Combine(RepositoryRoot(), "scripts", "python");

    [OneTimeSetUp]
    public void RequirePythonXgboost()
    {
        var (exit, _, error) = Run(Python, "-c", "import xgboost, numpy");
        if (exit != 0)
        {
            Prerequisite.Missing($"python3-xgboost is not installed (scripts/setup.sh --test installs it): {error}");
        }
    }

    static (List<string> Ids, float[] Rows, int Count) ExportedRows(string csv)
    {
        var lines = File.ReadLines(csv).Skip(1).ToList();
        var rows = new float[lines.Count * FeatureSchema.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            var cells = lines[i].Split(',');
            for (var f = 0; f < FeatureSchema.Count; f++)
            {
                rows[i * FeatureSchema.Count + f] = cells[3 + f].Length == 0 ? float.NaN : float.Parse(cells[3 + f], CultureInfo.InvariantCulture);
            }
        }

        return ([.. lines.Select(l => l.Split(',')[2])], rows, lines.Count);
    }

    static float[] PythonMargins(string modelJson, string csv)
    {
        var (exit, output, error) = Run(Python, Path.Combine(Scripts, "predict.py"), "--model", modelJson, "--features", csv);
        Assert.That(exit, Is.EqualTo(0), error);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(v => float.Parse(v, CultureInfo.InvariantCulture))];
    }

    static string Export()
    {
        var set = HistoryFeatures.Build(TrainingFixture.History, TestCatalog.Shared, threads: 2);
        var csv = TrainingFixture.Scratch("features") + ".csv";
        FeatureExport.WriteCsv(set.Missions, csv);
        return csv;
    }

    [Test]
    public void The_default_model_scores_the_same_in_python()
    {
        var csv = Export();
        var (_, rows, count) = ExportedRows(csv);
        var service = new float[count];
        TestModel.Default.PredictMargins(rows, count, service);

        var python = PythonMargins(Path.Combine(AppContext.BaseDirectory, "models", "default", RankingModel.ModelFile), csv);

        Assert.That(python, Has.Length.EqualTo(count));
        for (var i = 0; i < count; i++)
        {
            Assert.That(service[i], Is.EqualTo(python[i]).Within(1e-5), $"row {i}");
        }
    }

    [Test]
    public void A_model_trained_in_python_on_exported_features_is_served_with_the_same_scores()
    {
        var csv = Export();
        var directory = TrainingFixture.Scratch("python-model");

        var (exit, _, error) = Run(Python, Path.Combine(Scripts, "train_from_export.py"), "--features", csv, "--out", directory, "--rounds", "40");
        Assert.That(exit, Is.EqualTo(0), error);

        var model = RankingModel.Load(directory);
        model.CheckCanary();
        var (_, rows, count) = ExportedRows(csv);
        var service = new float[count];
        model.PredictMargins(rows, count, service);
        var python = PythonMargins(Path.Combine(directory, RankingModel.ModelFile), csv);
        for (var i = 0; i < count; i++)
        {
            Assert.That(service[i], Is.EqualTo(python[i]).Within(1e-5), $"row {i}");
        }

        // Trained without per-factor constraints: explained by libxgboost's TreeSHAP, still adding up.
        Assert.That(model.IsAdditiveOverFactors, Is.False);
        var factors = model.Explain(rows, [0, 1, 2]);
        for (var k = 0; k < 3; k++)
        {
            var f = factors[k];
            Assert.That(f.Baseline + f.Skills + f.Experience + f.Availability + f.Aspirations + f.Context, Is.EqualTo(service[k]).Within(1e-4));
        }
    }

    [Test]
    public void A_python_model_declaring_another_schema_is_refused()
    {
        var csv = Export();
        File.WriteAllText(FeatureExport.SchemaPath(csv), File.ReadAllText(FeatureExport.SchemaPath(csv)).Replace("\"version\": 2", "\"version\": 1", StringComparison.Ordinal));
        var directory = TrainingFixture.Scratch("python-v2");

        var (exit, _, error) = Run(Python, Path.Combine(Scripts, "train_from_export.py"), "--features", csv, "--out", directory, "--rounds", "5");
        Assert.That(exit, Is.EqualTo(0), error);

        Assert.That(() => RankingModel.Load(directory), Throws.InstanceOf<ModelLoadException>().With.Message.Contains("matching-features/v1"));
    }

    static (int Exit, string Output, string Error) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error);
    }

    static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Matching.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Matching.sln not found above the test folder.");
    }
}
