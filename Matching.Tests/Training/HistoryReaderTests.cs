using Matching.Core.History;
using Matching.Core.Training;

namespace Matching.Tests.Training;

public class HistoryReaderTests
{
    static string Write(params string[] lines)
    {
        var path = TrainingFixture.Scratch("lines") + ".jsonl";
        File.WriteAllLines(path, lines);
        return path;
    }

    static string ValidLine(int at = 0) => File.ReadLines(TrainingFixture.History).Skip(at).First();

    [Test]
    public void Relevance_grades_follow_the_documented_scale()
    {
        Assert.That(Relevance.Of(Outcome.Staffed, 5), Is.EqualTo(3));
        Assert.That(Relevance.Of(Outcome.Staffed, 4), Is.EqualTo(3));
        Assert.That(Relevance.Of(Outcome.Staffed, 3), Is.EqualTo(2));
        Assert.That(Relevance.Of(Outcome.Staffed, null), Is.EqualTo(2));
        Assert.That(Relevance.Of(Outcome.Shortlisted, 5), Is.EqualTo(1));
        Assert.That(Relevance.Of(Outcome.Proposed, null), Is.EqualTo(0));
        Assert.That(Relevance.Of(Outcome.Rejected, null), Is.EqualTo(0));
        Assert.That(Relevance.Of(Outcome.Declined, null), Is.EqualTo(0));
    }

    [Test]
    public void Bad_lines_are_reported_with_their_number_and_reason()
    {
        var path = Write(
            ValidLine(),
            "{ not json",
            "",
            ValidLine(1).Replace("\"outcome\":\"rejected\"", "\"outcome\":\"ghosted\"", StringComparison.Ordinal),
            ValidLine(2).Replace("\"decidedAt\"", "\"decided\"", StringComparison.Ordinal),
            "{\"mission\": {\"skills\": [{\"name\": \"C#\", \"level\": 9}], \"start\": \"2025-01-01\", \"end\": \"2025-02-01\", \"capacity\": 1}, \"decidedAt\": \"2024-12-01\", \"candidates\": [{\"candidate\": {\"id\": \"a\"}, \"outcome\": \"staffed\", \"rating\": 6}]}");

        var set = HistoryFeatures.Build(path, TestCatalog.Shared, threads: 2);

        Assert.That(set.Missions, Has.Count.EqualTo(1));
        Assert.That(set.Errors.Select(e => e.Line), Is.EqualTo(new[] { 2, 4, 5, 6 }));
        Assert.That(set.Errors[0].Reason, Does.StartWith("not valid JSON"));
        Assert.That(set.Errors[1].Reason, Does.Contain("outcome"));
        Assert.That(set.Errors[2].Reason, Does.Contain("decided"));
        Assert.That(set.Errors[3].Reason, Does.Contain("mission.id").And.Contain("mission.skills[0].level").And.Contain("candidates[0].rating"));
    }

    [Test]
    public void Features_from_history_equal_the_ones_served()
    {
        var line = HistoryReader.Parse(1, ValidLine(), new Matching.Core.Validation.MatchRequestValidator(Matching.Core.Validation.MatchLimits.Default)).Valid!;

        var rows = HistoryFeatures.Extract(line, TestCatalog.Shared);

        var request = new Matching.Core.Contracts.MatchRequest
        {
            Mission = line.Mission.Mission,
            Candidates = [.. line.Mission.Candidates!.Select(c => c.Candidate!)],
            Top = 1000,
        };
        var served = TestModel.Ranker.Rank(request, TestModel.Default, "t");
        var margins = new float[rows.Rows];
        TestModel.Default.PredictMargins(rows.Features, rows.Rows, margins);
        var byId = rows.CandidateIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => Matching.Core.Ranking.Ranker.Sigmoid(margins[x.i]));
        Assert.That(served.Results.Select(r => r.CandidateId), Is.EquivalentTo(rows.CandidateIds));
        Assert.That(served.Excluded.Select(e => e.CandidateId), Is.EquivalentTo(rows.ExcludedIds));
        foreach (var result in served.Results)
        {
            Assert.That(result.Score, Is.EqualTo(byId[result.CandidateId]));
        }
    }
}
