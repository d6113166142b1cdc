using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Matching.Api.Cli;
using Matching.Core.Features;
using Matching.Core.Model;
using Matching.Tests.Api;
using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Matching.Tests.Training;

/// <summary>
/// The model lifecycle as a data scientist runs it from a shell (issue 9): results alone on standard output,
/// plain progress on standard error, clear refusals instead of stack traces, a printed gate verdict, a warning
/// below the baseline, ONNX export, reload from the models root. Commands run in-process, their standard
/// output and error captured as a shell would see them when piped.
/// </summary>
public class LifecycleTests
{
    sealed record Outcome(int Code, string Out, string Error)
    {
        public override string ToString() => $"exit {Code}\n--- stdout\n{Out}\n--- stderr\n{Error}";
    }

    static async Task<Outcome> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await MatchingCli.RunAsync(args, output, error);
        return new Outcome(code, output.ToString(), error.ToString());
    }

    /// <summary>Piped output carries no ANSI codes, no live redraws and no stack trace.</summary>
    static void AssertPlain(Outcome outcome)
    {
        Assert.That(outcome.Out + outcome.Error, Does.Not.Contain("\u001b"), $"ANSI escape codes in piped output:\n{outcome}");
        Assert.That(outcome.Out + outcome.Error, Does.Not.Contain("\r"), $"live redraws in piped output:\n{outcome}");
        Assert.That(outcome.Error, Does.Not.Contain("   at ").And.Not.Contain("Unhandled exception"), $"stack trace:\n{outcome}");
    }

    /// <summary>A refusal: exit 2, plain output, the error given, and nothing written to <paramref name="model"/> when one is named.</summary>
    static void AssertRefused(Outcome outcome, string error, string? model = null)
    {
        Assert.That(outcome.Code, Is.EqualTo(2), outcome.ToString());
        AssertPlain(outcome);
        Assert.That(outcome.Error, Does.Contain(error));
        if (model is not null)
        {
            Assert.That(Directory.Exists(model), Is.False);
        }
    }

    static string History(string name, IEnumerable<string> lines)
    {
        var path = TrainingFixture.Scratch(name) + ".jsonl";
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>The fixture history's first lines, each candidate's outcome rewritten.</summary>
    static string Rewritten(string name, int missions, Func<string, string> outcome) => History(name, File.ReadLines(TrainingFixture.History).Take(missions).Select(line =>
    {
        var mission = JsonNode.Parse(line)!;
        foreach (var entry in mission["candidates"]!.AsArray())
        {
            entry!["outcome"] = outcome(entry["outcome"]!.GetValue<string>());
        }

        return mission.ToJsonString();
    }));

    static string DefaultModelCopy()
    {
        var directory = TrainingFixture.Scratch("default-copy");
        Directory.CreateDirectory(directory);
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "models", "default")))
        {
            File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        }

        return directory;
    }

    // 1. Standard output carries only the result; progress and status go plainly to standard error.

    [Test]
    public async Task Evaluate_json_is_pure_json_on_stdout_with_plain_progress_on_stderr()
    {
        var model = Path.Combine(AppContext.BaseDirectory, "models", "default");

        var outcome = await Run("evaluate", "--model", model, "--history", TrainingFixture.Holdout, "--json");

        Assert.That(outcome.Code, Is.EqualTo(0), outcome.ToString());
        AssertPlain(outcome);
        using var json = JsonDocument.Parse(outcome.Out);
        Assert.That(json.RootElement.GetProperty("metrics").GetProperty("ndcg@10").GetDouble(), Is.InRange(0, 1));
        Assert.That(json.RootElement.GetProperty("missions").GetInt32(), Is.EqualTo(400));
        Assert.That(outcome.Error, Does.Contain("holdout.jsonl: 400 missions"));
    }

    [Test]
    public async Task Evaluate_without_json_prints_its_table_as_the_result()
    {
        var model = Path.Combine(AppContext.BaseDirectory, "models", "default");

        var outcome = await Run("evaluate", "--model", model, "--history", TrainingFixture.Holdout);

        Assert.That(outcome.Code, Is.EqualTo(0), outcome.ToString());
        AssertPlain(outcome);
        Assert.That(outcome.Out, Does.Contain("NDCG@10").And.Contain("Baseline"));
        Assert.That(outcome.Out, Does.Not.Contain("missions, ").And.Not.Contain("Reading"), "status stays on stderr");
    }

    [Test]
    public async Task Commands_that_write_files_keep_stdout_empty_and_report_plainly_on_stderr()
    {
        var history = TrainingFixture.Scratch("generated") + ".jsonl";
        var request = TrainingFixture.Scratch("request") + ".json";
        var features = TrainingFixture.Scratch("features") + ".csv";
        var model = TrainingFixture.Scratch("model");

        Outcome[] outcomes =
        [
            await Run("generate", "--missions", "5", "--population", "300", "--seed", "2", "--out", history),
            await Run("sample", "--candidates", "5", "--out", request),
            await Run("export-features", "--history", TrainingFixture.History, "--out", features),
            await Run("train", "--history", TrainingFixture.History, "--out", model, "--max-rounds", "20"),
            await Run("export-onnx", "--model", model),
        ];

        foreach (var outcome in outcomes)
        {
            Assert.That(outcome.Code, Is.EqualTo(0), outcome.ToString());
            AssertPlain(outcome);
            Assert.That(outcome.Out, Is.Empty, outcome.ToString());
            Assert.That(outcome.Error, Does.Contain("Wrote").Or.Contain("written to"), outcome.ToString());
        }
    }

    [Test]
    public async Task Match_writes_only_the_response_to_stdout()
    {
        var request = TrainingFixture.Scratch("request") + ".json";
        await Run("sample", "--candidates", "8", "--out", request);

        var outcome = await Run("match", "--request", request);

        Assert.That(outcome.Code, Is.EqualTo(0), outcome.ToString());
        AssertPlain(outcome);
        using var json = JsonDocument.Parse(outcome.Out);
        Assert.That(json.RootElement.GetProperty("results").GetArrayLength(), Is.GreaterThan(0));
    }

    [Test]
    public async Task Errors_are_one_plain_line_on_stderr()
    {
        var outcome = await Run("evaluate", "--model", TrainingFixture.Scratch("missing"), "--history", TrainingFixture.Holdout);

        Assert.That(outcome.Code, Is.EqualTo(2));
        AssertPlain(outcome);
        Assert.That(outcome.Out, Is.Empty);
        Assert.That(outcome.Error, Does.StartWith("error: "));
    }

    // 2. Degenerate histories are refused clearly (exit 2), never with a stack trace.

    [Test]
    public async Task Train_refuses_a_one_mission_history()
    {
        var history = History("one", File.ReadLines(TrainingFixture.History).Take(1));

        var outcome = await Run("train", "--history", history, "--out", TrainingFixture.Scratch("one-model"));

        AssertRefused(outcome, "error: 1 usable missions are too few");
    }

    [Test]
    public async Task Train_refuses_a_history_too_short_to_test_on()
    {
        var history = History("two", File.ReadLines(TrainingFixture.History).Take(2));
        var model = TrainingFixture.Scratch("two-model");

        var outcome = await Run("train", "--history", history, "--out", model);

        AssertRefused(outcome, "error: The history is too short to hold out any mission for testing", model);
    }

    [Test]
    public async Task Train_on_three_missions_trains_with_warnings_or_refuses_clearly()
    {
        var history = History("three", File.ReadLines(TrainingFixture.History).Take(3));
        var model = TrainingFixture.Scratch("three-model");

        var outcome = await Run("train", "--history", history, "--out", model);

        AssertPlain(outcome);
        if (outcome.Code == 0)
        {
            Assert.That(outcome.Error, Does.Contain("warning: only 1 test mission:"), outcome.ToString());
            Assert.That(ModelCard.Read(Path.Combine(model, RankingModel.CardFile)).Data.Test.Missions, Is.EqualTo(1));
        }
        else
        {
            Assert.That(outcome.Code, Is.EqualTo(2), outcome.ToString());
            Assert.That(outcome.Error, Does.Contain("error: "));
            Assert.That(Directory.Exists(model), Is.False);
        }
    }

    [Test]
    public async Task Train_refuses_a_history_whose_outcomes_are_all_alike()
    {
        var history = Rewritten("alike", 40, _ => "rejected");
        var model = TrainingFixture.Scratch("alike-model");

        var outcome = await Run("train", "--history", history, "--out", model);

        AssertRefused(outcome, "error: Every training candidate has the same outcome", model);
    }

    [Test]
    public async Task Train_refuses_test_missions_without_a_staffed_candidate()
    {
        var test = Rewritten("no-staffed", 30, outcome => outcome == "staffed" ? "rejected" : outcome);

        var outcome = await Run("train", "--history", TrainingFixture.History, "--test", test, "--out", TrainingFixture.Scratch("unmeasured"), "--max-rounds", "10");

        AssertRefused(outcome, "error: The --test history's missions have no staffed candidate");
    }

    // 3. History type errors name the field and what belongs there.

    [Test]
    public async Task A_history_type_error_names_the_field_and_the_expected_values()
    {
        var lines = File.ReadLines(TrainingFixture.History).Take(30).ToList();
        var bad = JsonNode.Parse(lines[4])!;
        bad["candidates"]![2]!["candidate"]!["skills"] = new JsonArray(new JsonObject { ["name"] = "python", ["level"] = "expert" });
        lines[4] = bad.ToJsonString();
        var outcome = JsonNode.Parse(lines[7])!;
        outcome["candidates"]![0]!["outcome"] = "ghosted";
        lines[7] = outcome.ToJsonString();

        var exported = await Run("export-features", "--history", History("typed", lines), "--out", TrainingFixture.Scratch("typed") + ".csv");

        Assert.That(exported.Code, Is.EqualTo(2), exported.ToString());
        AssertPlain(exported);
        Assert.That(exported.Error, Does.Contain("line 5: candidates[2].candidate.skills[0].level: expected a whole number 1–5"));
        Assert.That(exported.Error, Does.Contain("line 8: candidates[0].outcome: expected one of staffed, shortlisted, proposed, rejected, declined"));
        Assert.That(exported.Error, Does.Not.Contain("could not be converted"));
    }

    [Test]
    public async Task A_request_type_error_names_the_field_and_what_it_expects()
    {
        var request = TrainingFixture.Scratch("request") + ".json";
        await Run("sample", "--candidates", "4", "--out", request);
        var body = JsonNode.Parse(File.ReadAllText(request))!;
        body["mission"]!["skills"]![0]!["level"] = "senior";
        File.WriteAllText(request, body.ToJsonString());

        var outcome = await Run("match", "--request", request);

        Assert.That(outcome.Code, Is.EqualTo(2), outcome.ToString());
        AssertPlain(outcome);
        Assert.That(outcome.Out, Is.Empty);
        Assert.That(outcome.Error, Does.Contain("is not a valid request: mission.skills[0].level: Expected a whole number 1–5."));
    }

    // 4. Help names each option once.

    static IEnumerable<string> CommandNames() => MatchingCli.Commands().Select(c => c.Name);

    [TestCaseSource(nameof(CommandNames))]
    public async Task No_option_appears_twice_in_a_commands_help(string command)
    {
        var outcome = await Run(command, "--help");

        Assert.That(outcome.Code, Is.EqualTo(0), outcome.ToString());
        var options = HelpOptions(outcome.Out);
        Assert.That(options, Is.Not.Empty, outcome.Out);
        Assert.That(options, Is.Unique, outcome.Out);
    }

    [Test]
    public async Task Train_help_tells_reading_threads_from_training_threads()
    {
        var help = (await Run("train", "--help")).Out;

        var lines = help.Split('\n');
        Assert.That(lines.Single(l => l.TrimStart().StartsWith("--threads ", StringComparison.Ordinal)), Does.Contain("reading the history"));
        Assert.That(lines.Single(l => l.TrimStart().StartsWith("--train-threads ", StringComparison.Ordinal)), Does.Contain("LightGBM trains with"));
    }

    /// <summary>Every option name and alias the help lists under "Options:".</summary>
    static List<string> HelpOptions(string help)
    {
        var names = new List<string>();
        var inOptions = false;
        foreach (var raw in help.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]))
            {
                inOptions = line.StartsWith("Options:", StringComparison.Ordinal);
                continue;
            }

            var text = line.TrimStart();
            if (!inOptions || !text.StartsWith('-'))
            {
                continue;
            }

            var end = text.IndexOf("  ", StringComparison.Ordinal);
            var usage = end < 0 ? text : text[..end];
            names.AddRange(usage.Split(", ").Select(alias => alias.Split(' ')[0]));
        }

        return names;
    }

    // 5. The promotion gate prints its verdict, and puts it in the JSON.

    [Test]
    public async Task The_gate_prints_pass_and_exits_0()
    {
        var model = Path.Combine(AppContext.BaseDirectory, "models", "default");

        var table = await Run("evaluate", "--model", model, "--history", TrainingFixture.Holdout, "--min-ndcg10", "0.3");
        var json = await Run("evaluate", "--model", model, "--history", TrainingFixture.Holdout, "--min-ndcg10", "0.3", "--json");

        Assert.That(table.Code, Is.EqualTo(0), table.ToString());
        Assert.That(table.Out, Does.Match(@"gate: NDCG@10 0\.\d{4} ≥ 0\.3: pass"));
        Assert.That(json.Code, Is.EqualTo(0), json.ToString());
        AssertPlain(json);
        var gate = JsonDocument.Parse(json.Out).RootElement.GetProperty("gate");
        Assert.That(gate.GetProperty("passed").GetBoolean(), Is.True);
        Assert.That(gate.GetProperty("minimum").GetDouble(), Is.EqualTo(0.3));
        Assert.That(gate.GetProperty("metric").GetString(), Is.EqualTo("ndcg@10"));
        Assert.That(json.Error, Does.Contain(": pass"), "the verdict is shown to the person watching too");
    }

    [Test]
    public async Task The_gate_prints_fail_and_exits_1()
    {
        var model = Path.Combine(AppContext.BaseDirectory, "models", "default");

        var table = await Run("evaluate", "--model", model, "--history", TrainingFixture.Holdout, "--min-ndcg10", "0.99");
        var json = await Run("evaluate", "--model", model, "--history", TrainingFixture.Holdout, "--min-ndcg10", "0.99", "--json");

        Assert.That(table.Code, Is.EqualTo(1), table.ToString());
        Assert.That(table.Out, Does.Match(@"gate: NDCG@10 0\.\d{4} < 0\.99: fail"));
        Assert.That(json.Code, Is.EqualTo(1), json.ToString());
        var gate = JsonDocument.Parse(json.Out).RootElement.GetProperty("gate");
        Assert.That(gate.GetProperty("passed").GetBoolean(), Is.False);
        Assert.That(gate.GetProperty("value").GetDouble(), Is.LessThan(0.99));
    }

    [Test]
    public async Task Without_a_gate_the_json_has_no_verdict()
    {
        var model = Path.Combine(AppContext.BaseDirectory, "models", "default");

        var json = await Run("evaluate", "--model", model, "--history", TrainingFixture.Holdout, "--json");

        Assert.That(JsonDocument.Parse(json.Out).RootElement.TryGetProperty("gate", out _), Is.False);
        Assert.That(json.Error, Does.Not.Contain("gate:"));
    }

    // 6. A model worse than the baseline is written with a warning, on stderr and in its card.

    [Test]
    public async Task Train_warns_when_the_model_ranks_below_the_baseline()
    {
        // Staffed and rejected swapped: the model learns to prefer whom the organisation turned down, and the
        // untouched holdout shows it ranks worse than weighted skill coverage.
        var history = Rewritten("swapped", 240, outcome => outcome switch { "staffed" => "rejected", "rejected" => "staffed", _ => outcome });
        var model = TrainingFixture.Scratch("below-baseline");

        var outcome = await Run("train", "--history", history, "--test", TrainingFixture.Holdout, "--out", model, "--max-rounds", "30");

        Assert.That(outcome.Code, Is.EqualTo(0), outcome.ToString());
        AssertPlain(outcome);
        Assert.That(outcome.Error, Does.Match(@"warning: test NDCG@10 0\.\d{4} is below the baseline \(weighted skill coverage\) 0\.\d{4} on 400 test missions"));
        var card = ModelCard.Read(Path.Combine(model, RankingModel.CardFile));
        Assert.That(card.Metrics!.Model.Ndcg10, Is.LessThan(card.Metrics.Baseline.Ndcg10));
        Assert.That(card.Notes, Does.Contain("below the baseline").And.Contain("do not promote"));
    }

    [Test]
    public async Task Train_does_not_warn_when_the_model_beats_the_baseline()
    {
        var model = TrainingFixture.Scratch("above-baseline");

        var outcome = await Run("train", "--history", TrainingFixture.History, "--test", TrainingFixture.Holdout, "--out", model, "--max-rounds", "60");

        Assert.That(outcome.Code, Is.EqualTo(0), outcome.ToString());
        var card = ModelCard.Read(Path.Combine(model, RankingModel.CardFile));
        Assert.That(card.Metrics!.Model.Ndcg10, Is.GreaterThan(card.Metrics.Baseline.Ndcg10));
        Assert.That(outcome.Error, Does.Not.Contain("below the baseline"));
        Assert.That(card.Notes ?? "", Does.Not.Contain("below the baseline"));
    }

    // 7. export-onnx.

    [Test]
    public async Task Export_onnx_writes_a_model_that_onnx_runtime_scores_as_mlnet_does()
    {
        var directory = DefaultModelCopy();

        var outcome = await Run("export-onnx", "--model", directory);

        Assert.That(outcome.Code, Is.EqualTo(0), outcome.ToString());
        AssertPlain(outcome);
        Assert.That(outcome.Error, Does.Contain($"inputs:  Features float[N,{FeatureSchema.Count}]"));
        Assert.That(outcome.Error, Does.Contain("Score.output float[N,1]"));
        var file = Path.Combine(directory, ExportOnnxCommand.FileName);
        var (rows, count) = (RankingModel.CanaryRows(256), 256);
        var ml = new MLContext(seed: 0);
        var expected = MlNetModel.Score(ml, MlNetModel.Load(ml, Path.Combine(directory, MlNetModel.FileName)), rows, count);
        using var session = new InferenceSession(file);
        Assert.That(session.InputMetadata.Keys, Is.EqualTo(new[] { MlNetModel.FeaturesColumn }));
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(MlNetModel.FeaturesColumn, new DenseTensor<float>(rows, [count, FeatureSchema.Count]))]);
        var scores = results.Single(r => r.Name == "Score.output").AsEnumerable<float>().ToArray();
        Assert.That(scores, Is.EqualTo(expected).Within(1e-5));
    }

    [Test]
    public async Task Export_onnx_writes_where_told()
    {
        var directory = DefaultModelCopy();
        var target = Path.Combine(TrainingFixture.Scratch("onnx-out"), "ranker.onnx");

        var outcome = await Run("export-onnx", "--model", directory, "--out", target);

        Assert.That(outcome.Code, Is.EqualTo(0), outcome.ToString());
        Assert.That(File.Exists(target), Is.True);
        Assert.That(File.Exists(Path.Combine(directory, ExportOnnxCommand.FileName)), Is.False);
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(target)!), Has.Length.EqualTo(1), "no temporary file is left behind");
    }

    [Test]
    public async Task Export_onnx_refuses_an_xgboost_model_clearly()
    {
        var outcome = await Run("export-onnx", "--model", Model.PythonFixtures.Directory("binary"), "--out", TrainingFixture.Scratch("xgb") + ".onnx");

        Assert.That(outcome.Code, Is.EqualTo(2), outcome.ToString());
        AssertPlain(outcome);
        Assert.That(outcome.Error, Does.StartWith("error: ").And.Contain("XGBoost JSON model").And.Contain("ML.NET models (model.zip) only"));
    }

    // 8. Reload from the models root, named relative to it; 9. the development admin key.

    [Test]
    public async Task A_model_trained_into_the_models_root_reloads_by_its_relative_path()
    {
        var root = TrainingFixture.Scratch("models-root");
        var trained = await Run("train", "--history", TrainingFixture.History, "--out", Path.Combine(root, "candidate"), "--max-rounds", "20");
        Assert.That(trained.Code, Is.EqualTo(0), trained.ToString());
        using var app = new MatchingApp();
        app.Settings["Matching:ModelsRoot"] = root;
        using var client = app.CreateClient();

        using var response = await client.SendAsync(Reload("candidate"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var card = ModelCard.Read(Path.Combine(root, "candidate", RankingModel.CardFile));
        Assert.That((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("serving").GetString(), Is.EqualTo(card.Version));
    }

    [Test]
    public async Task Reloading_a_missing_directory_names_the_models_root_setting_but_not_its_path()
    {
        var root = TrainingFixture.Scratch("empty-root");
        Directory.CreateDirectory(root);
        using var app = new MatchingApp();
        app.Settings["Matching:ModelsRoot"] = root;
        using var client = app.CreateClient();

        using var response = await client.SendAsync(Reload("candidate"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var detail = problem.GetProperty("detail").GetString();
        Assert.That(detail, Does.Contain("relative to the models root").And.Contain("Matching:ModelsRoot").And.Not.Contain("candidate"));
        Assert.That(detail, Does.Not.Contain(root).And.Not.Contain(Path.GetTempPath()), "server paths stay private");
        Assert.That(problem.GetProperty("serving").GetString(), Does.StartWith("mlnet-"));
    }

    static HttpRequestMessage Reload(string path) => new(HttpMethod.Post, "/v1/model/reload")
    {
        Content = JsonContent.Create(new { path }),
        Headers = { { "X-Api-Key", MatchingApp.AdminKey } },
    };

    [Test]
    public void The_run_script_serves_the_repositorys_models_with_a_documented_development_key()
    {
        var script = File.ReadAllText(RepositoryFiles.Path("scripts", "run.sh"));

        Assert.That(script, Does.Contain("models=\"$PWD/models\""));
        Assert.That(script, Does.Contain("--Matching:ModelsRoot=\"$models\"").And.Contain("--Matching:ModelPath=\"$models/default\""));
        Assert.That(script, Does.Contain($"export Matching__ApiKeys__0__Sha256={Matching.Api.Hosting.ApiKeys.Hash("dev-admin-key")}"), "the documented key, by its hash");
        Assert.That(script, Does.Contain("Matching__ApiKeys__0__Scopes__2=admin"));
        Assert.That(script, Does.Contain("production must set its own"));
    }

    // 10. Python scripts run with any python3 and say what is missing.

    static IEnumerable<string> PythonScripts() =>
        Directory.GetFiles(RepositoryFiles.Path("scripts", "python"), "*.py").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(PythonScripts))]
    public void A_python_script_runs_with_any_python3_and_says_how_to_install_what_it_lacks(string script)
    {
        Assert.That(File.ReadLines(RepositoryFiles.Path("scripts", "python", script)).First(), Is.EqualTo("#!/usr/bin/env python3"));

        // -S and no PYTHONPATH: no site packages, so the script's packages are missing whatever this machine has installed.
        var run = new ProcessStartInfo("python3", ["-S", RepositoryFiles.Path("scripts", "python", script), "--model", "m", "--features", "f"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = RepositoryFiles.Path(),
            Environment = { ["PYTHONPATH"] = null, ["PYTHONHOME"] = null, ["PYTHONUSERBASE"] = null },
        };
        Process? process;
        try
        {
            process = Process.Start(run);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Prerequisite.Missing("python3 is not on the PATH");
            return;
        }

        using (process)
        {
            var error = process!.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.EqualTo(1), error);
            Assert.That(error, Does.StartWith("error: ").And.Not.Contain("Traceback"));
            Assert.That(error, Does.Contain("python3 -m venv .venv && .venv/bin/pip install"));
            Assert.That(error, Does.Contain(script == "score_onnx.py" ? "pip install onnxruntime numpy" : "apt-get install python3-xgboost"));
        }
    }
}
