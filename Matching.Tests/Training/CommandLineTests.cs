using Matching.Api.Cli;
using Matching.Core.Model;

namespace Matching.Tests.Training;

/// <summary>The data scientists' commands, run in-process through the same entry point as `dotnet run -- ...`.</summary>
public class CommandLineTests
{
    static Task<int> Run(params string[] args) => MatchingCli.RunAsync(args);

    [Test]
    public async Task Train_writes_a_model_directory_that_evaluate_measures()
    {
        var directory = TrainingFixture.Scratch("cli-model");

        var trained = await Run("train", "--history", TrainingFixture.History, "--out", directory, "--max-rounds", "30");
        var evaluated = await Run("evaluate", "--model", directory, "--history", TrainingFixture.Holdout, "--json");

        Assert.That(trained, Is.EqualTo(0));
        Assert.That(evaluated, Is.EqualTo(0));
        Assert.That(ModelCard.Read(Path.Combine(directory, RankingModel.CardFile)).Training.Rounds, Is.LessThanOrEqualTo(30));
    }

    [Test]
    public async Task Evaluate_is_a_promotion_gate()
    {
        var model = Path.Combine(AppContext.BaseDirectory, "models", "default");

        Assert.That(await Run("evaluate", "--model", model, "--history", TrainingFixture.Holdout, "--min-ndcg10", "0.3"), Is.EqualTo(0));
        Assert.That(await Run("evaluate", "--model", model, "--history", TrainingFixture.Holdout, "--min-ndcg10", "0.99"), Is.EqualTo(1));
    }

    [Test]
    public async Task Train_fails_on_bad_lines_unless_told_to_skip_them()
    {
        var history = TrainingFixture.Scratch("bad") + ".jsonl";
        File.WriteAllLines(history, [.. File.ReadLines(TrainingFixture.History), "{ broken"]);

        Assert.That(await Run("train", "--history", history, "--out", TrainingFixture.Scratch("refused"), "--max-rounds", "5"), Is.EqualTo(2));
        var directory = TrainingFixture.Scratch("skipped");
        Assert.That(await Run("train", "--history", history, "--out", directory, "--max-rounds", "5", "--skip-invalid"), Is.EqualTo(0));
        Assert.That(ModelCard.Read(Path.Combine(directory, RankingModel.CardFile)).Data.SkippedLines, Is.EqualTo(1));
    }

    [Test]
    public async Task Train_refuses_to_overwrite_a_model_without_replace()
    {
        var directory = TrainingFixture.Scratch("exists");
        Directory.CreateDirectory(directory);

        Assert.That(await Run("train", "--history", TrainingFixture.History, "--out", directory, "--max-rounds", "5"), Is.EqualTo(2));
    }

    [Test]
    public async Task Evaluate_refuses_a_model_with_another_schema()
    {
        var directory = TrainingFixture.Scratch("other-schema");
        Directory.CreateDirectory(directory);
        var source = Path.Combine(AppContext.BaseDirectory, "models", "default");
        File.Copy(Path.Combine(source, MlNetModel.FileName), Path.Combine(directory, MlNetModel.FileName));
        File.WriteAllText(Path.Combine(directory, RankingModel.CardFile),
            File.ReadAllText(Path.Combine(source, RankingModel.CardFile)).Replace("\"active_missions\"", "\"load\"", StringComparison.Ordinal));

        Assert.That(await Run("evaluate", "--model", directory, "--history", TrainingFixture.Holdout), Is.EqualTo(2));
    }
}
