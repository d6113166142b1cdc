using System.Text.Json;
using Matching.Training;
using Matching.Core.Contracts;
using Matching.Training.Generation;
using Matching.Core.History;
using Matching.Core.Validation;

namespace Matching.Tests.Generation;

public class StaffingWorldTests
{
    static readonly StaffingWorld World = new(TestCatalog.Shared, seed: 4, population: 600);

    [Test]
    public void The_same_seed_gives_the_same_history_whatever_the_thread_count()
    {
        var one = Path.GetTempFileName();
        var two = Path.GetTempFileName();

        HistoryFile.Write(new StaffingWorld(TestCatalog.Shared, seed: 9, population: 300), 30, null, one, threads: 1);
        HistoryFile.Write(new StaffingWorld(TestCatalog.Shared, seed: 9, population: 300), 30, null, two, threads: 4);

        Assert.That(File.ReadAllBytes(two), Is.EqualTo(File.ReadAllBytes(one)));
        HistoryFile.Write(new StaffingWorld(TestCatalog.Shared, seed: 10, population: 300), 30, null, two, threads: 1);
        Assert.That(File.ReadAllBytes(two), Is.Not.EqualTo(File.ReadAllBytes(one)));
    }

    [Test]
    public void Every_generated_mission_is_valid_history()
    {
        var validator = new MatchRequestValidator(MatchLimits.Default);
        for (var i = 0; i < 40; i++)
        {
            var mission = World.HistoricalMission(i);
            var errors = HistoryReader.Validate(mission, validator);
            Assert.That(errors.IsEmpty, Is.True, errors.ToString());
        }
    }

    [Test]
    public void Outcomes_follow_the_staffing_funnel()
    {
        var missions = Enumerable.Range(0, 200).Select(i => World.HistoricalMission(i)).ToList();

        foreach (var mission in missions)
        {
            var outcomes = mission.Candidates!.Select(c => c.Outcome!.Value).ToList();
            Assert.That(outcomes.Count(o => o == Outcome.Staffed), Is.InRange(0, 2));
            Assert.That(outcomes.Count(o => o != Outcome.Rejected), Is.InRange(3, 10));
            Assert.That(mission.Candidates!.Where(c => c.Rating is not null).All(c => c.Outcome == Outcome.Staffed), Is.True);
            Assert.That(mission.Mission!.Start!.Value, Is.GreaterThan(mission.DecidedAt!.Value));
        }

        var staffed = missions.Count(m => m.Candidates!.Any(c => c.Outcome == Outcome.Staffed));
        Assert.That(staffed, Is.InRange(180, 200), "about 4% of missions are cancelled");
    }

    [Test]
    public void Candidates_are_snapshots_as_of_the_decision()
    {
        foreach (var mission in Enumerable.Range(0, 50).Select(i => World.HistoricalMission(i)))
        {
            foreach (var candidate in mission.Candidates!.Select(c => c.Candidate!))
            {
                Assert.That(candidate.Experiences!.All(e => e.Start < mission.DecidedAt && (e.End is null || e.End < mission.DecidedAt)), Is.True);
                Assert.That(candidate.Experiences!.Where(e => e.End is null).All(e => e.Rating is null), Is.True);
            }
        }
    }

    [Test]
    public void Sample_requests_are_valid_match_requests_of_the_size_asked()
    {
        var request = World.SampleRequest(250, top: 20);

        Assert.That(request.Candidates, Has.Count.EqualTo(250));
        Assert.That(new MatchRequestValidator(MatchLimits.Default).Validate(request).IsEmpty, Is.True);
        var json = JsonSerializer.Serialize(request, MatchingJson.Default.MatchRequest);
        Assert.That(JsonSerializer.Deserialize(json, MatchingJson.Default.MatchRequest)!.Candidates, Has.Count.EqualTo(250));
    }
}
