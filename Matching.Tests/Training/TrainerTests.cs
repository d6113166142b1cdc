using Matching.Core.Features;
using Matching.Core.Model;
using Matching.Core.Training;

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

        Assert.That(second.ModelJson, Is.EqualTo(first.ModelJson));
        Assert.That(second.Card.Version, Is.EqualTo(first.Card.Version));
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
        var card = Train(Quick).Card;

        Assert.That(card.FeatureSchema.Mismatch(), Is.Null);
        Assert.That(card.Objective, Is.EqualTo(new TrainingOptions().Objective));
        Assert.That(card.Parameters["interaction_constraints"], Is.EqualTo(FeatureSchema.InteractionConstraints));
        Assert.That(card.Parameters["monotone_constraints"], Is.EqualTo(FeatureSchema.MonotoneConstraints));
        Assert.That(card.LibraryVersion, Does.StartWith("xgboost 1.7"));
        Assert.That(card.Data.Inputs.Single().Sha256, Is.EqualTo(HistoryFeatures.Sha256(TrainingFixture.History)));
        Assert.That(card.Data.Train.Missions + card.Data.Validation.Missions + card.Data.Test.Missions, Is.LessThanOrEqualTo(240));
        Assert.That(card.Metrics!.Model.Ndcg10, Is.InRange(0, 1));
        Assert.That(card.Metrics.Baseline.Ndcg10, Is.InRange(0, 1));
        Assert.That(card.FeatureImportance!.Select(f => f.Feature), Is.EqualTo(FeatureSchema.Names));
        Assert.That(card.FeatureImportance!.Sum(f => f.MeanAbsShap), Is.GreaterThan(0));
        Assert.That(card.FeatureImportance!.Sum(f => f.TotalGain), Is.GreaterThan(0));
        Assert.That(card.Training.BestIteration, Is.LessThan(card.Training.Rounds));
        Assert.That(TreeEnsemble.Parse(Train(Quick).ModelJson).TreeCount, Is.EqualTo(card.Training.BestIteration + 1));
    }

    [Test]
    public void The_saved_model_names_its_features_for_python()
    {
        using var document = System.Text.Json.JsonDocument.Parse(Train(Quick).ModelJson);

        var names = document.RootElement.GetProperty("learner").GetProperty("feature_names").EnumerateArray().Select(n => n.GetString()).ToList();

        Assert.That(names, Is.EqualTo(FeatureSchema.Names));
    }

    [Test]
    public void A_trained_model_is_additive_over_factors_and_loads_for_serving()
    {
        var trained = Train(Quick);
        var directory = TrainingFixture.Scratch("model");

        ModelDirectory.Write(directory, trained.ModelJson, trained.Card, replace: false);
        var model = RankingModel.Load(directory);
        model.CheckCanary();

        Assert.That(model.IsAdditiveOverFactors, Is.True);
        Assert.That(model.Version, Is.EqualTo(trained.Card.Version));
    }

    [Test]
    public void An_existing_model_directory_is_replaced_only_when_asked_and_never_left_half_written()
    {
        var trained = Train(Quick);
        var directory = TrainingFixture.Scratch("replace");
        ModelDirectory.Write(directory, trained.ModelJson, trained.Card, replace: false);

        Assert.That(() => ModelDirectory.Write(directory, trained.ModelJson, trained.Card, replace: false), Throws.InstanceOf<IOException>());
        ModelDirectory.Write(directory, trained.ModelJson, trained.Card, replace: true);

        Assert.That(Directory.GetFiles(directory).Select(Path.GetFileName), Is.EquivalentTo(new[] { RankingModel.ModelFile, RankingModel.CardFile }));
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
