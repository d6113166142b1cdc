using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Matching.Training;
using Matching.Api.Cli;
using Matching.Core.History;
using Matching.Core.Model;
using Matching.Core.Validation;
using Matching.Tests.Training;

namespace Matching.Tests.Database;

public class HistoryExportTests : DatabaseTests
{
    sealed record Run(int Code, string Out, string Error)
    {
        public override string ToString() => $"exit {Code}\n--- stdout\n{Out}\n--- stderr\n{Error}";
    }

    static async Task<Run> Cli(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await MatchingCli.RunAsync([.. args, "--connection-string", TestDatabase.ConnectionString], output, error);
        return new Run(code, output.ToString(), error.ToString());
    }

    static async Task<(Run Run, HistoricalMission[] Lines, string File)> Export(params string[] window)
    {
        var file = TrainingFixture.Scratch("export") + ".jsonl";
        var run = await Cli(["export-history", "--out", file, .. window]);
        Assert.That(run.Code, Is.Zero, run.ToString());
        var validator = new MatchRequestValidator(MatchLimits.Default);
        var lines = File.ReadAllLines(file).Select((text, i) => HistoryReader.Parse(i + 1, text, validator)).ToList();
        Assert.That(lines.Select(l => l.Error), Is.All.Null, "every exported line is valid history");
        return (run, [.. lines.Select(l => l.Valid!.Mission)], file);
    }

    static string Candidate(string id, string skill) =>
        JsonSerializer.Serialize(Build.Candidate(id, Build.Has(skill)) with { Id = null }, Matching.Core.Contracts.MatchingJson.Default.Candidate);

    static string Mission(string id) =>
        JsonSerializer.Serialize(Build.Mission() with { Id = null, Title = id }, Matching.Core.Contracts.MatchingJson.Default.Mission);

    [SetUp]
    public async Task RecordTwoMissions()
    {
        await Json(await Post("/v1/outcomes", $$"""
            { "missionId": "m-a", "mission": {{Mission("m-a")}}, "decisions": [
              { "clientDecisionId": "a-1", "candidateId": "ada", "candidate": {{Candidate("ada", "C#")}}, "outcome": "proposed", "decidedAt": "2026-01-05T09:30:00Z" },
              { "clientDecisionId": "a-2", "candidateId": "bob", "candidate": {{Candidate("bob", "SQL")}}, "outcome": "rejected", "decidedAt": "2026-01-06T10:00:00Z" },
              { "clientDecisionId": "a-3", "candidateId": "ada", "candidate": {{Candidate("ada", "C#")}}, "outcome": "staffed", "decidedAt": "2026-01-07T23:30:00-02:00" }
            ] }
            """));
        await Json(await Send(HttpMethod.Patch, "/v1/outcomes/a-3", """{ "rating": 5 }"""));
        await Json(await Post("/v1/outcomes", $$"""
            { "missionId": "m-b", "mission": {{Mission("m-b")}}, "decisions": [
              { "clientDecisionId": "b-1", "candidateId": "carl", "candidate": {{Candidate("carl", "C#")}}, "outcome": "shortlisted", "decidedAt": "2026-02-01T08:00:00Z" }
            ] }
            """));
    }

    [Test]
    public async Task Recorded_outcomes_export_as_history_lines_with_each_candidates_latest_decision()
    {
        var (run, lines, _) = await Export();

        Assert.That(lines.Select(l => (l.Mission!.Id, l.DecidedAt)), Is.EqualTo(new[] { ("m-a", (DateOnly?)new DateOnly(2026, 1, 8)), ("m-b", new DateOnly(2026, 2, 1)) }));
        Assert.That(lines[0].Mission!.Title, Is.EqualTo("m-a"));
        Assert.That(lines[0].Candidates!.Select(c => (c.Candidate!.Id, c.Outcome, c.Rating)),
            Is.EqualTo(new[] { ("bob", (Outcome?)Outcome.Rejected, (int?)null), ("ada", Outcome.Staffed, 5) }));
        Assert.That(lines[0].Candidates![1].Candidate!.Skills!.Single().Name, Is.EqualTo("C#"));
        Assert.That(run.Error, Does.Contain("2 missions, 3 candidates, 4 decisions taken 2026-01-05 09:30 – 2026-02-01 08:00 UTC"));
        Assert.That(run.Out, Is.Empty);
    }

    [Test]
    public async Task A_window_exports_the_decisions_taken_in_it()
    {
        var (run, lines, _) = await Export("--from", "2026-01-06", "--to", "2026-01-31");

        var mission = lines.Single();
        Assert.That(mission.Mission!.Id, Is.EqualTo("m-a"));
        Assert.That(mission.Candidates!.Select(c => (c.Candidate!.Id, c.Outcome)), Is.EqualTo(new[] { ("bob", (Outcome?)Outcome.Rejected), ("ada", Outcome.Staffed) }));
        Assert.That(run.Error, Does.Contain("1 missions, 2 candidates, 2 decisions"));
    }

    [Test]
    public async Task Training_from_the_database_learns_what_its_export_teaches_and_the_card_names_the_window()
    {
        await RecordHistory(TrainingFixture.History);
        var (_, exported, file) = await Export();
        var fromDb = TrainingFixture.Scratch("from-db");
        var fromFile = TrainingFixture.Scratch("from-file");

        var trained = await Cli("train", "--from-db", "--out", fromDb, "--max-rounds", "20");
        using (var output = new StringWriter())
        using (var error = new StringWriter())
        {
            Assert.That(await MatchingCli.RunAsync(["train", "--history", file, "--out", fromFile, "--max-rounds", "20"], output, error), Is.Zero, error.ToString());
        }

        Assert.That(trained.Code, Is.Zero, trained.ToString());
        var card = ModelCard.Read(Path.Combine(fromDb, "card.json"));
        var fileCard = ModelCard.Read(Path.Combine(fromFile, "card.json"));
        Assert.That(card.Version, Is.EqualTo(fileCard.Version), "the same model as from the exported file");
        Assert.That((card.Data.Train, card.Data.Validation, card.Data.Test), Is.EqualTo((fileCard.Data.Train, fileCard.Data.Validation, fileCard.Data.Test)));
        Assert.That(card.Data.Inputs.Single().Path, Is.EqualTo("database"));
        Assert.That(card.Data.Inputs.Single().Sha256, Is.EqualTo(fileCard.Data.Inputs.Single().Sha256));

        var recorded = card.Data.Database!;
        var history = File.ReadLines(TrainingFixture.History).Select(l => JsonNode.Parse(l)!).ToList();
        DateTimeOffset[] decidedAt =
        [
            .. history.Select(l => new DateTimeOffset(DateOnly.Parse(l["decidedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)),
            new(2026, 1, 5, 9, 30, 0, TimeSpan.Zero),
            new(2026, 2, 1, 8, 0, 0, TimeSpan.Zero),
        ];
        Assert.That(recorded.FirstDecidedAt, Is.EqualTo(decidedAt.Min()));
        Assert.That(recorded.LastDecidedAt, Is.EqualTo(decidedAt.Max()));
        Assert.That(recorded.Missions, Is.EqualTo(history.Count + 2).And.EqualTo(exported.Length));
        Assert.That(recorded.Decisions, Is.EqualTo(history.Sum(l => l["candidates"]!.AsArray().Count) + 4));
        Assert.That(File.ReadAllText(Path.Combine(fromDb, "card.json")), Does.Contain("\"firstDecidedAt\"").And.Contain("\"lastDecidedAt\""));
    }

    /// <summary>A history file's decisions as if POST /v1/outcomes had recorded them: one per candidate, at midnight UTC of the mission's decidedAt.</summary>
    static async Task RecordHistory(string path)
    {
        var rows = File.ReadLines(path).Select(l => JsonNode.Parse(l)!).SelectMany(line => line["candidates"]!.AsArray().Select(entry => new
        {
            Mission = line["mission"]!,
            DecidedAt = DateOnly.Parse(line["decidedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            Candidate = entry!["candidate"]!,
            Outcome = entry["outcome"]!.GetValue<string>(),
            Rating = entry["rating"]?.GetValue<int>() ?? 0,
        })).ToList();
        await using var dataSource = TestDatabase.Open();
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            insert into outcomes (client_decision_id, mission_id, candidate_id, outcome, decided_at, rating, mission, candidate)
            select d.mission_id || '/' || d.candidate_id, d.mission_id, d.candidate_id, d.outcome, d.decided_at, nullif(d.rating, 0), d.mission::jsonb, d.candidate::jsonb
            from unnest(@missionIds, @candidateIds, @outcomes, @decidedAt, @ratings, @missions, @candidates)
                as d(mission_id, candidate_id, outcome, decided_at, rating, mission, candidate)
            """, new
        {
            missionIds = rows.Select(r => r.Mission["id"]!.GetValue<string>()).ToArray(),
            candidateIds = rows.Select(r => r.Candidate["id"]!.GetValue<string>()).ToArray(),
            outcomes = rows.Select(r => r.Outcome).ToArray(),
            decidedAt = rows.Select(r => r.DecidedAt).ToArray(),
            ratings = rows.Select(r => r.Rating).ToArray(),
            missions = rows.Select(r => r.Mission.ToJsonString()).ToArray(),
            candidates = rows.Select(r => r.Candidate.ToJsonString()).ToArray(),
        });
    }
}
