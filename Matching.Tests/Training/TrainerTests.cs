using System.IO.Compression;
using Matching.Core.Features;
using Matching.Core.Model;
using Matching.Training;

namespace Matching.Tests.Training;

public class TrainerTests
{
    static readonly TrainingOptions Quick = new() { MaxRounds = 60, EarlyStoppingRounds = 20 };

    static HistoryFeatureSet Read(string path) => HistoryFeatures.Build(path, TestCatalog.Shared, threads: 2);

    static TrainedModel Train(TrainingOptions options)
    {
        var history = Read(TrainingFixture.History);
        return Trainer.Train(HistorySplit.ByTime(history.Missions, null, options), [history.Input], 0, options, TestCatalog.Shared.Version);
    }

    [Test]
    public void The_same_data_and_seed_give_the_same_model_bytes()
    {
        var first = Train(Quick);
        var second = Train(Quick);

        Assert.That(second.ModelZip, Is.EqualTo(first.ModelZip));
        Assert.That(second.Card.Version, Is.EqualTo(first.Card.Version));
    }

    [Test]
    public void The_model_bytes_do_not_depend_on_when_it_was_saved()
    {
        var model = Train(Quick).ModelZip;
        using var restamped = new MemoryStream();
        using (var source = new ZipArchive(new MemoryStream(model), ZipArchiveMode.Read))
        using (var target = new ZipArchive(restamped, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var entry in source.Entries)
            {
                var copy = target.CreateEntry(entry.FullName);
                copy.LastWriteTime = new DateTimeOffset(2031, 7, 9, 13, 37, 42, TimeSpan.Zero);
                using var from = entry.Open();
                using var to = copy.Open();
                from.CopyTo(to);
            }
        }

        Assert.That(restamped.ToArray(), Is.Not.EqualTo(model));
        restamped.Position = 0;
        Assert.That(Trainer.StableZip(restamped), Is.EqualTo(model));
    }

    [Test]
    public void Another_seed_gives_another_model()
    {
        Assert.That(Train(Quick with { Seed = 7 }).Card.Version, Is.Not.EqualTo(Train(Quick).Card.Version));
    }

    [Test]
    public void The_split_is_by_time_and_never_cuts_a_mission()
    {
        var history = Read(TrainingFixture.History);

        var split = HistorySplit.ByTime(history.Missions, null, new TrainingOptions());

        Assert.That(split.Train.Max(m => m.DecidedAt), Is.LessThanOrEqualTo(split.Validation.Min(m => m.DecidedAt)));
        Assert.That(split.Validation.Max(m => m.DecidedAt), Is.LessThanOrEqualTo(split.Test.Min(m => m.DecidedAt)));
        var ids = split.Train.Concat(split.Validation).Concat(split.Test).Select(m => m.MissionId).ToList();
        Assert.That(ids, Is.Unique);
        Assert.That(split.Test, Has.Count.EqualTo((int)Math.Round(history.Missions.Count * 0.2)));
    }

    [Test]
    public void The_card_records_schema_data_metrics_and_importance()
    {
        var trained = Train(Quick);
        var card = trained.Card;

        Assert.That(card.FeatureSchema.Mismatch(), Is.Null);
        Assert.That(card.Objective, Is.EqualTo(MlNetModel.Binary));
        Assert.That(card.Parameters["interaction_constraints"], Is.EqualTo(FeatureSchema.InteractionConstraints[1..^1]));
        Assert.That(card.Parameters["monotone_constraints"], Is.EqualTo(string.Join(',', FeatureSchema.Features.Select(f => f.Monotone))));
        Assert.That(card.LibraryVersion, Does.StartWith("Microsoft.ML.LightGbm 5.0.1"));
        Assert.That(card.Data.Inputs.Single().Sha256, Is.EqualTo(HistoryFeatures.Sha256(TrainingFixture.History)));
        Assert.That(card.Data.Train.Missions + card.Data.Validation.Missions + card.Data.Test.Missions, Is.LessThanOrEqualTo(240));
        Assert.That(card.Metrics!.Model.Ndcg10, Is.InRange(0, 1));
        Assert.That(card.Metrics.Baseline.Ndcg10, Is.InRange(0, 1));
        Assert.That(card.FeatureImportance!.Select(f => f.Feature), Is.EqualTo(FeatureSchema.Names));
        Assert.That(card.FeatureImportance!.Sum(f => f.TotalGain), Is.GreaterThan(0));
        Assert.That(card.FactorImportance!.Select(f => f.Factor), Is.EqualTo(new[] { "skills", "experience", "availability", "aspirations", "context" }));
        Assert.That(card.FactorImportance!.Sum(f => f.MeanAbsContribution), Is.GreaterThan(0));
        Assert.That(card.TreeReferences, Has.Count.EqualTo(card.Training.Rounds));
        Assert.That(card.Training.BestIteration, Is.LessThan(card.Training.Rounds));
    }

    [Test]
    public void A_trained_model_keeps_its_constraints_and_loads_for_serving()
    {
        var trained = Train(Quick);
        var directory = TrainingFixture.Scratch("model");

        ModelDirectory.Write(directory, trained.ModelZip, trained.Card, replace: false);
        var model = RankingModel.Load(directory);

        Assert.That(model.Version, Is.EqualTo(trained.Card.Version));
        Assert.That(model.Format, Is.EqualTo("ML.NET LightGbm"));
        Assert.That(model.TreeCount, Is.EqualTo(trained.Card.Training.Rounds));
    }

    [Test]
    public void A_lambdarank_model_trains_constrained_and_loads()
    {
        var trained = Train(Quick with { Objective = MlNetModel.LambdaRank });
        var directory = TrainingFixture.Scratch("lambdarank");

        ModelDirectory.Write(directory, trained.ModelZip, trained.Card, replace: false);

        Assert.That(RankingModel.Load(directory).Card.Objective, Is.EqualTo(MlNetModel.LambdaRank));
        Assert.That(trained.Card.Metrics!.Model.Ndcg10, Is.GreaterThan(trained.Card.Metrics.Baseline.Ndcg10 - 0.1));
    }

    [Test]
    public void An_unconstrained_model_is_refused_for_serving_because_its_trees_mix_factors()
    {
        var trained = Train(Quick with { Constrained = false });
        var directory = TrainingFixture.Scratch("unconstrained");
        ModelDirectory.Write(directory, trained.ModelZip, trained.Card, replace: false);

        Assert.That(() => RankingModel.Load(directory), Throws.InstanceOf<ModelLoadException>().With.Message.Contains("mix features of several factors"));
    }

    [Test]
    public void A_history_whose_outcomes_are_all_alike_is_refused_with_a_reason()
    {
        var history = Read(TrainingFixture.History);
        var alike = history.Missions.Select(m => m with { Grades = new int[m.Rows] }).ToList();

        Assert.That(() => Trainer.Train(HistorySplit.ByTime(alike, null, Quick), [history.Input], 0, Quick, null),
            Throws.InvalidOperationException.With.Message.Contains("same outcome"));
    }

    [Test]
    public void An_existing_model_directory_is_replaced_only_when_asked_and_never_left_half_written()
    {
        var trained = Train(Quick);
        var directory = TrainingFixture.Scratch("replace");
        ModelDirectory.Write(directory, trained.ModelZip, trained.Card, replace: false);

        Assert.That(() => ModelDirectory.Write(directory, trained.ModelZip, trained.Card, replace: false), Throws.InstanceOf<IOException>());
        ModelDirectory.Write(directory, trained.ModelZip, trained.Card, replace: true);

        Assert.That(Directory.GetFiles(directory).Select(Path.GetFileName), Is.EquivalentTo(new[] { MlNetModel.FileName, RankingModel.CardFile }));
        Assert.That(Directory.GetDirectories(Path.GetDirectoryName(directory)!, ".*"), Is.Empty);
    }

    [Test]
    public void The_default_model_beats_the_baseline_on_a_history_it_never_saw()
    {
        var holdout = Read(TrainingFixture.Holdout);

        var report = RankingEvaluation.Evaluate(holdout.Missions, mission =>
        {
            var margins = new float[mission.Rows];
            TestModel.Default.PredictMargins(mission.Features, mission.Rows, margins);
            return margins;
        });

        TestContext.Out.WriteLine($"NDCG@10 model {report.Model.NdcgAt(10):0.0000}, baseline {report.Baseline.NdcgAt(10):0.0000}");
        Assert.That(report.Model.NdcgAt(10) - report.Baseline.NdcgAt(10), Is.GreaterThanOrEqualTo(0.05));
    }

    [Test]
    public void Excluded_candidates_are_ranked_last_in_evaluation()
    {
        var mission = new MissionRows("m", new DateOnly(2025, 1, 1), 1, new float[2 * FeatureSchema.Count], [0, 0], ["a", "b"], [3], ["c"]);

        var report = RankingEvaluation.Evaluate([mission], m => [1f, 0f]);

        Assert.That(report.Model.NdcgAt(10), Is.EqualTo((7 / Math.Log2(4)) / 7).Within(1e-12));
    }
}
