using FsCheck;
using FsCheck.Fluent;
using Matching.Api.Candidates;
using Matching.Api.Suggestions;
using Matching.Core.Contracts;
using Matching.Core.Features;

namespace Matching.Tests.Features;

/// <summary>
/// The suggestions' shortlist ranks the pool by <see cref="CoverageBound"/>, read from the stored keys and free days: it
/// must never fall below what the features the model reads say of the same candidate, or the shortlist would leave out
/// candidates the model ranks higher than some it keeps.
/// </summary>
public class CoverageBoundTests
{
    const int Runs = 400;

    /// <summary>Required skills, their neighbours (a language and its platform, two databases), an ambiguous name, an unknown one in two spellings.</summary>
    static readonly string[] SkillNames =
    [
        "C#", ".NET", "F#", "SQL", "PostgreSQL", "MySQL", "Java (computer programming)", "Java", "JavaScript", "TypeScript", "Kubernetes", "Docker",
        "project management", "Acme Billing Platform", "ACME billing  platform", "Cooking",
    ];

    static readonly string[] Descriptions =
    [
        "", "Built payment services in C# on .NET with PostgreSQL.", "Ran Kubernetes and Docker clusters; some TypeScript.", "Led the project; no Java.",
    ];

    static Gen<DateOnly> Around(DateOnly date, int days) => Gen.Choose(-days, days).Select(date.AddDays);

    static readonly Gen<Mission> Missions =
        from names in Gen.SubListOf(SkillNames).Where(n => n.Count > 0)
        from levels in Gen.ArrayOf(Gen.Choose(1, 5), names.Count)
        from weights in Gen.ArrayOf(Gen.Choose(1, 5), names.Count)
        from mandatory in Gen.ArrayOf(Gen.Choose(0, 3), names.Count)
        from days in Gen.Choose(0, 120)
        select Build.Mission([.. names.Take(5).Select((n, i) => Build.Skill(n, levels[i], weights[i], mandatory[i] == 0))]) with { End = Build.Start.AddDays(days) };

    static readonly Gen<Experience> Experiences =
        from names in Gen.SubListOf(SkillNames)
        from description in Gen.Elements(Descriptions)
        from start in Around(Build.Start.AddYears(-3), 700)
        from days in Gen.Choose(30, 600)
        select new Experience { Skills = [.. names.Take(4)], Description = description.Length == 0 ? null : description, Start = start, End = start.AddDays(days) };

    static readonly Gen<AvailabilityWindow> Windows =
        from first in Around(Build.Start, 90)
        from days in Gen.Choose(0, 120)
        from capacity in Gen.Choose(0, 10)
        select new AvailabilityWindow { From = first, To = first.AddDays(days), Capacity = capacity / 10.0 };

    static readonly Gen<Candidate> Candidates =
        from names in Gen.SubListOf(SkillNames)
        from levels in Gen.ArrayOf(Gen.Choose(1, 5), names.Count)
        from experiences in Gen.ListOf(Experiences).Select(e => e.Take(3).ToList())
        from windows in Gen.ListOf(Windows).Select(w => w.Take(4).ToList())
        from availabilityKnown in Gen.Choose(0, 4)
        select Build.Candidate("c", [.. names.Take(6).Select((n, i) => Build.Has(n, levels[i]))]) with
        {
            Experiences = experiences,
            Availability = availabilityKnown == 0 ? null : windows,
        };

    /// <summary>The shortlist's two factors for a candidate, as the store computes them from the columns it keeps, and the features.</summary>
    static (float Skills, float Free, float[] Features) Assess(Mission mission, Candidate candidate)
    {
        var profile = TestModel.Ranker.Resolve(mission);
        var filter = SuggestionService.PoolFilterFor(profile, includeUnrelated: true, shortlist: 1);
        var bound = new CoverageBound<string>(filter.Bearings.Select(b => (b.Key, b.Required, b.Credit)), filter.Weights);
        var columns = CandidateColumns.Of(candidate, TestCatalog.Shared);
        // The columns keep days as ranges with both ends included; PostgreSQL returns them ordered by first day.
        var free = columns.Availability is { } ranges ? CoverageBound.FreeShare([.. ranges.Select(r => (r.LowerBound, r.UpperBound)).OrderBy(r => r.LowerBound)], profile.Start, profile.End) : 1f;
        var features = new float[FeatureSchema.Count];
        FeatureExtractor.Assess(profile, candidate, features);
        return (bound.Of(columns.Skills), free, features);
    }

    [Test]
    public void The_shortlist_bound_is_never_below_the_features_it_bounds()
    {
        var property = Prop.ForAll(Arb.From(from mission in Missions from candidate in Candidates select (mission, candidate)), input =>
        {
            var (skills, free, features) = Assess(input.mission, input.candidate);
            var coverage = features[FeatureSchema.SkillCoverageWithAdjacent];
            var availability = features[FeatureSchema.AvailabilityCoverage];
            return (skills >= coverage).Label($"skills {skills} < skill_coverage_with_adjacent {coverage}")
                .And((free >= availability - 1e-6f).Label($"free share {free} < availability_coverage {availability}"))
                .And((skills * free >= coverage * availability - 1e-6f).Label($"bound {skills * free} < {coverage * availability}"));
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(Runs), property);
    }

    [Test]
    public void A_neighbour_held_counts_with_its_credit_and_the_free_share_counts_each_day_once()
    {
        var mission = Build.Mission(Build.Skill("C#", level: 5, weight: 3), Build.Skill("SQL")) with { End = Build.Start.AddDays(9) };
        var candidate = Build.Candidate("c", Build.Has(".NET", level: 1)) with
        {
            Availability =
            [
                new AvailabilityWindow { From = Build.Start, To = Build.Start.AddDays(3), Capacity = 1 },
                new AvailabilityWindow { From = Build.Start.AddDays(2), To = Build.Start.AddDays(4), Capacity = 0.5 },
            ],
        };

        var (skills, free, features) = Assess(mission, candidate);

        Assert.That(features[FeatureSchema.SkillCoverageWithAdjacent], Is.GreaterThan(0), ".NET is a neighbour of C#");
        Assert.That(skills, Is.GreaterThan(features[FeatureSchema.SkillCoverageWithAdjacent]), "the bound assumes the level suffices");
        Assert.That(skills, Is.LessThan(0.75f), "a neighbour gives its credit, not the whole skill");
        Assert.That(free, Is.EqualTo(0.5f), "days 1 to 5 of 10, the overlap counted once");
    }
}
