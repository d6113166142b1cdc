using System.Text.Json.Nodes;
using Matching.Core.History;
using Matching.Training;
using Matching.Core.Validation;

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
        Assert.That(set.Errors[0].Reason, Does.StartWith("malformed JSON"));
        Assert.That(set.Errors[1].Reason, Does.Contain("outcome"));
        Assert.That(set.Errors[2].Reason, Does.Contain("decided"));
        Assert.That(set.Errors[3].Reason, Does.Contain("mission.id").And.Contain("mission.skills[0].level").And.Contain("candidates[0].rating"));
    }

    /// <summary>The fixture's first line with one change made to it.</summary>
    static string Changed(Action<JsonNode> change)
    {
        var line = JsonNode.Parse(ValidLine())!;
        change(line);
        return line.ToJsonString();
    }

    static IEnumerable<TestCaseData> TypeErrors()
    {
        TestCaseData Case(string name, Action<JsonNode> change, string reason) =>
            new TestCaseData(Changed(change), reason).SetName($"A history type error names the field and what it expects: {name}");

        yield return Case("a level that is text", l => l["candidates"]![1]!["candidate"]!["skills"] = new JsonArray(new JsonObject { ["name"] = "python", ["level"] = "expert" }),
            "candidates[1].candidate.skills[0].level: expected a whole number 1–5");
        yield return Case("a level with a fraction", l => l["candidates"]![1]!["candidate"]!["skills"] = new JsonArray(new JsonObject { ["name"] = "python", ["level"] = 3.5 }),
            "candidates[1].candidate.skills[0].level: expected a whole number 1–5");
        yield return Case("an outcome not in the list", l => l["candidates"]![1]!["outcome"] = "ghosted",
            "candidates[1].outcome: expected one of staffed, shortlisted, proposed, rejected, declined");
        yield return Case("a skill that is a bare name", l => l["candidates"]![0]!["candidate"]!["skills"] = new JsonArray("python"),
            "candidates[0].candidate.skills[0]: expected an object with the fields name, level, years, lastUsed");
        yield return Case("a date in another format", l => l["decidedAt"] = "30/12/2023",
            "decidedAt: expected a date as yyyy-MM-dd");
        yield return Case("a rating that is text", l => l["candidates"]![0]!["rating"] = "good",
            "candidates[0].rating: expected a whole number 1–5");
        yield return Case("a capacity that is text", l => l["mission"]!["capacity"] = "full",
            "mission.capacity: expected a number greater than 0 and at most 1");
        yield return Case("a weight that is text", l => l["mission"]!["skills"]![0]!["weight"] = "high",
            "mission.skills[0].weight: expected a number greater than 0 and at most 1000");
        yield return Case("languages as one string", l => l["candidates"]![0]!["candidate"]!["languages"] = "en",
            "candidates[0].candidate.languages: expected an array of strings");
        yield return Case("candidates as an object", l => l["candidates"] = new JsonObject(),
            "candidates: expected an array of objects");
        yield return Case("an unknown field", l => l["candidates"]![0]!["score"] = 1,
            "candidates[0].score: unknown field 'score' (the fields here are candidate, outcome, rating)");
        yield return new TestCaseData("[1, 2]", "expected an object with the fields mission, decidedAt, candidates")
            .SetName("A history type error names the field and what it expects: a line that is an array");
        yield return new TestCaseData("{ \"mission\": ", "mission: malformed JSON (line 1, byte")
            .SetName("A history type error names the field and what it expects: a line cut short");
    }

    [TestCaseSource(nameof(TypeErrors))]
    public void Type_errors_name_the_field_and_the_expected_type_or_values(string line, string reason)
    {
        var (valid, error) = HistoryReader.Parse(7, line, new MatchRequestValidator(MatchLimits.Default));

        Assert.That(valid, Is.Null);
        Assert.That(error!.Line, Is.EqualTo(7));
        Assert.That(error.Reason, Does.StartWith(reason));
        Assert.That(error.Reason, Does.Not.Contain("Matching.Core").And.Not.Contain("could not be converted"));
    }

    [Test]
    public void An_outcome_number_outside_the_list_is_refused_with_the_allowed_values()
    {
        var line = Changed(l => l["candidates"]![0]!["outcome"] = 9);

        var (valid, error) = HistoryReader.Parse(1, line, new MatchRequestValidator(MatchLimits.Default));

        Assert.That(valid, Is.Null);
        Assert.That(error!.Reason, Does.Contain("candidates[0].outcome: Expected one of staffed, shortlisted, proposed, rejected, declined."));
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
        var served = TestModel.Pipeline.Rank(request, TestModel.Default, "t");
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
