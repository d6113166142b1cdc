using Matching.Core.Contracts;
using Matching.Core.Features;

namespace Matching.Tests.Ranking;

public class RankerTests
{
    static MatchResponse Rank(MatchRequest request) => TestModel.Pipeline.Rank(request, TestModel.Default, "test");

    [Test]
    public void Match_ranks_the_only_qualified_candidate_first()
    {
        var request = Build.Request(Build.Mission(),
            Build.Candidate("novice", Build.Has("Cooking")),
            Build.Candidate("expert", Build.Has("C#", level: 5, years: 8), Build.Has("SQL", level: 4, years: 6)),
            Build.Candidate("half", Build.Has("SQL", level: 2)));

        var response = Rank(request);

        Assert.That(response.Results.Select(r => r.CandidateId), Is.EqualTo(new[] { "expert", "half", "novice" }));
    }

    [Test]
    public void Equal_candidates_are_ordered_by_id()
    {
        var request = Build.Request(Build.Mission(), Build.Candidate("b", Build.Has("C#")), Build.Candidate("c", Build.Has("C#")), Build.Candidate("a", Build.Has("C#")));

        var response = Rank(request);

        Assert.That(response.Results.Select(r => r.CandidateId), Is.EqualTo(new[] { "a", "b", "c" }));
        Assert.That(response.Results.Select(r => r.Score).Distinct().Count(), Is.EqualTo(1));
    }

    [Test]
    public void Factors_and_baseline_add_up_to_the_logit_of_the_score()
    {
        var response = Rank(Build.Request(Build.Mission(), Build.Candidate("a", Build.Has("C#", level: 4), Build.Has("Java (computer programming)"))));

        var result = response.Results.Single();
        var f = result.Factors!;
        var margin = f.Baseline + f.Skills + f.Experience + f.Availability + f.Aspirations + f.Context;
        Assert.That(1 / (1 + Math.Exp(-margin)), Is.EqualTo(result.Score).Within(1e-5));
    }

    [Test]
    public void Explanations_name_matched_missing_and_adjacent_skills()
    {
        var csharp = TestCatalog.Id("C#");
        var neighbour = TestCatalog.Shared.Neighbours(csharp)[0];
        var stand_in = TestCatalog.Shared.Label(neighbour.ConceptId);
        var request = Build.Request(Build.Mission(), Build.Candidate("a", Build.Has(stand_in, level: 4)) with
        {
            Experiences = [new Experience { Skills = ["SQL"], Start = new DateOnly(2024, 1, 1), End = new DateOnly(2025, 1, 1), Rating = 4 }],
            Aspirations = ["C#"],
            ActiveMissions = 2,
        });

        var result = Rank(request).Results.Single();

        Assert.That(result.MatchedSkills!.Select(m => (m.Skill, m.RequiredLevel, m.Level)), Is.EqualTo(new[] { ("SQL", 2, 2) }));
        Assert.That(result.MissingSkills, Is.EqualTo(new[] { "C#" }));
        Assert.That(result.AdjacentSkills!.Single().CandidateSkill, Is.EqualTo(stand_in));
        Assert.That(result.AdjacentSkills!.Single().Credit, Is.EqualTo(neighbour.Credit).Within(1e-3));
        Assert.That(result.Reasons, Has.Some.StartsWith("Holds 1 of 2 required skills: SQL"));
        Assert.That(result.Reasons, Has.Some.StartsWith($"For C#, has {stand_in}"));
        Assert.That(result.Reasons, Has.Some.EqualTo("1 past assignment used the required skills, rated 4.0/5 on average."));
        Assert.That(result.Reasons, Has.Some.EqualTo("Wants to grow in C#, which this mission needs."));
        Assert.That(result.Reasons, Has.Some.EqualTo("Already on 2 active missions."));
    }

    [Test]
    public void Reasons_start_with_the_factor_that_weighed_most()
    {
        var result = Rank(Build.Request(Build.Mission(), Build.Candidate("a", Build.Has("C#", level: 5), Build.Has("SQL", level: 5)))).Results.Single();

        var f = result.Factors!;
        var strongest = new[] { ("skills", f.Skills), ("experience", f.Experience), ("availability", f.Availability), ("aspirations", f.Aspirations), ("context", f.Context) }
            .MaxBy(x => Math.Abs(x.Item2)).Item1;
        var firstReason = result.Reasons![0];
        var expectedStart = strongest switch
        {
            "skills" => "Holds",
            "experience" => "No past assignment",
            "availability" => "Free for",
            "aspirations" => "Wants",
            _ => "Based",
        };
        Assert.That(firstReason, Does.StartWith(expectedStart));
    }

    [Test]
    public void Many_candidates_are_ranked_in_parallel_with_the_same_result_as_serially()
    {
        var candidates = Enumerable.Range(0, 600).Select(i => Build.Candidate($"c{i:D3}", Build.Has(i % 2 == 0 ? "C#" : "SQL", level: 1 + i % 5)) with
        {
            ActiveMissions = i % 4,
            Availability = [Build.FreeDuringMission(0.1 + 0.1 * (i % 9))],
        }).ToArray();
        var request = Build.Request(Build.Mission(), candidates) with { Top = 600 };

        var parallel = Rank(request);
        var serial = Enumerable.Range(0, 6).SelectMany(k => Rank(Build.Request(Build.Mission(), candidates[(k * 100)..((k + 1) * 100)]) with { Top = 100 }).Results)
            .OrderByDescending(r => r.Score).ThenBy(r => r.CandidateId, StringComparer.Ordinal).ToList();

        Assert.That(parallel.Results.Select(r => r.CandidateId), Is.EqualTo(serial.Select(r => r.CandidateId)));
        Assert.That(parallel.Results.Select(r => r.Score), Is.EqualTo(serial.Select(r => r.Score)));
    }

    [Test]
    public void Unknown_availability_gets_no_better_than_full_availability()
    {
        var known = Build.Candidate("known", Build.Has("C#"));
        var unknown = Build.Candidate("unknown", Build.Has("C#")) with { Availability = null };

        var response = Rank(Build.Request(Build.Mission(), known, unknown));

        var scores = response.Results.ToDictionary(r => r.CandidateId, r => r.Score);
        Assert.That(scores["unknown"], Is.LessThanOrEqualTo(scores["known"]));
    }

    [Test]
    public void Feature_count_matches_the_model()
    {
        Assert.That(TestModel.Default.Card.FeatureSchema.Features, Has.Count.EqualTo(FeatureSchema.Count));
        Assert.That(TestModel.Default.Format, Is.EqualTo("ML.NET LightGbm"));
    }
}
