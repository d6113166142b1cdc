using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Matching.Core.Contracts;
using Matching.Core.Features;

namespace Matching.Tests.Ranking;

/// <summary>Invariants of the ranking, checked on generated candidates against the default model.</summary>
public class RankingPropertyTests
{
    const int Runs = 60;

    static readonly string[] SkillNames =
    [
        "C#", "SQL", "Java (computer programming)", "JavaScript", "Python (computer programming)", "TypeScript", "PostgreSQL",
        "Kubernetes", "Docker", "project management", "Acme Billing Platform", "Cooking",
    ];

    static readonly Mission Mission = Build.Mission(
        Build.Skill("C#", level: 3, weight: 2), Build.Skill("SQL", level: 2), Build.Skill("Kubernetes", level: 2), Build.Skill("Acme Billing Platform"));

    static Gen<DateOnly> Around(DateOnly date, int days) => Gen.Choose(-days, days).Select(date.AddDays);

    static readonly Gen<CandidateSkill> Skill =
        from name in Gen.Elements(SkillNames)
        from level in Gen.Choose(1, 5)
        from years in Gen.Choose(0, 12)
        from lastUsed in Around(Build.Start, 2000)
        from known in Gen.Choose(0, 2)
        select new CandidateSkill { Name = name, Level = level, Years = known > 0 ? years : null, LastUsed = known > 1 ? lastUsed : null };

    static readonly Gen<Experience> Experience =
        from names in Gen.SubListOf(SkillNames)
        from start in Around(Build.Start.AddYears(-3), 700)
        from days in Gen.Choose(30, 600)
        from ongoing in Gen.Choose(0, 4)
        from rating in Gen.Choose(0, 5)
        select new Experience
        {
            Skills = [.. names],
            Start = start,
            End = ongoing == 0 ? null : start.AddDays(days),
            Rating = rating == 0 ? null : rating,
        };

    static readonly Gen<AvailabilityWindow> Window =
        from first in Around(Build.Start, 60)
        from days in Gen.Choose(0, 150)
        from capacity in Gen.Choose(0, 10)
        select new AvailabilityWindow { From = first, To = first.AddDays(days), Capacity = capacity / 10.0 };

    static Gen<Candidate> CandidateWithId(string id) =>
        from skills in Gen.ListOf(Skill).Select(s => s.Take(8).ToList())
        from experiences in Gen.ListOf(Experience).Select(e => e.Take(4).ToList())
        from windows in Gen.ListOf(Window).Select(w => w.Take(3).ToList())
        from availabilityKnown in Gen.Choose(0, 5)
        from aspirations in Gen.SubListOf(SkillNames)
        from location in Gen.Elements("Lyon", "Paris", "")
        from languages in Gen.Elements<List<string>?>(["fr"], ["en"], ["fr", "de"], null)
        from active in Gen.Choose(0, 4)
        select new Candidate
        {
            Id = id,
            Skills = skills,
            Experiences = experiences,
            Availability = availabilityKnown == 0 ? null : windows,
            Aspirations = [.. aspirations.Take(3)],
            Location = location.Length == 0 ? null : location,
            Languages = languages,
            ActiveMissions = active,
        };

    static readonly Gen<List<Candidate>> Candidates =
        Gen.NonEmptyListOf(CandidateWithId("")).Select(list => list.Take(25).Select((c, i) => c with { Id = $"c{i:D2}" }).ToList());

    static MatchResponse Rank(List<Candidate> candidates, int top = 25) =>
        TestModel.Pipeline.Rank(Build.Request(Mission, [.. candidates]) with { Top = top }, TestModel.Default, "property");

    static Factors FactorsOf(Candidate candidate)
    {
        var features = new float[FeatureSchema.Count];
        FeatureExtractor.Assess(MissionProfile.Create(Mission, new SkillSpace(TestCatalog.Shared)), candidate, features);
        return TestModel.Default.Explain(features, [0])[0];
    }

    static string Json(MatchResponse response) => JsonSerializer.Serialize(response, MatchingJson.Default.MatchResponse);

    [Test]
    public void Shuffling_candidates_leaves_the_ranking_unchanged()
    {
        var property = Prop.ForAll(Arb.From(from candidates in Candidates from seed in Gen.Choose(0, 10_000) select (candidates, seed)), input =>
        {
            var shuffled = input.candidates.ToList();
            new Random(input.seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shuffled));
            return Json(Rank(shuffled)) == Json(Rank(input.candidates));
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Runs), property);
    }

    [Test]
    public void Adding_a_required_skill_never_lowers_the_skills_factor()
    {
        var required = Mission.Skills!.Select(s => s.Name!).ToArray();
        var property = Prop.ForAll(Arb.From(
            from candidate in CandidateWithId("c")
            from skill in Gen.Elements(required)
            from level in Gen.Choose(1, 5)
            from lastUsed in Around(Build.Start, 1500)
            select (candidate, skill, level, lastUsed)), input =>
        {
            var before = FactorsOf(input.candidate).Skills;
            var added = input.candidate with { Skills = [.. input.candidate.Skills!, Build.Has(input.skill, input.level, lastUsed: input.lastUsed)] };
            return FactorsOf(added).Skills >= before - 1e-9;
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Runs * 3), property);
    }

    [Test]
    public void More_free_capacity_in_the_window_never_lowers_the_availability_factor()
    {
        var property = Prop.ForAll(Arb.From(
            from candidate in CandidateWithId("c")
            from window in Window
            from extra in Gen.Choose(1, 10)
            select (candidate, window, extra)), input =>
        {
            var windows = input.candidate.Availability ?? [];
            var before = input.candidate with { Availability = [.. windows, input.window] };
            var more = input.window with { Capacity = Math.Min(1, input.window.Capacity!.Value + input.extra / 10.0) };
            var after = input.candidate with { Availability = [.. windows, more] };
            return FactorsOf(after).Availability >= FactorsOf(before).Availability - 1e-9;
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Runs * 3), property);
    }

    [Test]
    public void Scores_are_in_0_1_ordered_and_every_candidate_is_ranked_or_excluded()
    {
        var property = Prop.ForAll(Arb.From(from candidates in Candidates from top in Gen.Choose(1, 30) select (candidates, top)), input =>
        {
            var response = Rank(input.candidates, input.top);
            var scores = response.Results.Select(r => r.Score).ToList();
            var seen = response.Results.Select(r => r.CandidateId).Concat(response.Excluded.Select(e => e.CandidateId)).ToList();
            return scores.All(s => s is >= 0 and <= 1)
                && scores.Zip(scores.Skip(1)).All(p => p.First >= p.Second)
                && response.Results.Select(r => r.Rank).SequenceEqual(Enumerable.Range(1, response.Results.Count))
                && seen.Distinct().Count() == seen.Count
                && response.Counts.Ranked + response.Counts.Excluded == input.candidates.Count
                && response.Results.Count + response.Counts.Omitted == response.Counts.Ranked
                && response.Results.Count == Math.Min(input.top, response.Counts.Ranked);
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Runs), property);
    }
}
