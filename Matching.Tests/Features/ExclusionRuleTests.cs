using Matching.Core.Contracts;
using Matching.Core.Features;

namespace Matching.Tests.Features;

public class ExclusionRuleTests
{
    static CandidateEvidence Assess(Mission mission, Candidate candidate) =>
        FeatureExtractor.Assess(MissionProfile.Create(mission, new SkillSpace(TestCatalog.Shared)), candidate, new float[FeatureSchema.Count]);

    [Test]
    public void No_free_time_in_the_mission_window_excludes()
    {
        var candidate = Build.Candidate("a", Build.Has("C#")) with
        {
            Availability = [new AvailabilityWindow { From = Build.Start.AddDays(-60), To = Build.Start.AddDays(-1), Capacity = 1 }],
        };

        var evidence = Assess(Build.Mission(), candidate);

        Assert.That(evidence.ExclusionCodes, Is.EqualTo(new[] { ExclusionCodes.Unavailable }));
        Assert.That(evidence.ExclusionReasons[0], Does.Contain("2026-03-02"));
    }

    [Test]
    public void A_window_with_zero_capacity_is_no_availability()
    {
        var candidate = Build.Candidate("a") with { Availability = [Build.FreeDuringMission(0)] };

        Assert.That(Assess(Build.Mission(), candidate).ExclusionCodes, Is.EqualTo(new[] { ExclusionCodes.Unavailable }));
    }

    [Test]
    public void Unknown_availability_does_not_exclude()
    {
        Assert.That(Assess(Build.Mission(), Build.Candidate("a") with { Availability = null }).IsExcluded, Is.False);
    }

    [Test]
    public void Partial_availability_does_not_exclude()
    {
        var candidate = Build.Candidate("a") with { Availability = [new AvailabilityWindow { From = Build.End, To = Build.End, Capacity = 0.1 }] };

        Assert.That(Assess(Build.Mission(), candidate).IsExcluded, Is.False);
    }

    [Test]
    public void A_missing_mandatory_skill_excludes_and_is_named()
    {
        var mission = Build.Mission(Build.Skill("C#", mandatory: true), Build.Skill("SQL"));

        var evidence = Assess(mission, Build.Candidate("a", Build.Has("SQL")));

        Assert.That(evidence.ExclusionCodes, Is.EqualTo(new[] { ExclusionCodes.MissingMandatorySkill }));
        Assert.That(evidence.ExclusionReasons[0], Is.EqualTo("Lacks mandatory skill C#."));
    }

    [Test]
    public void A_mandatory_skill_held_below_the_level_does_not_exclude()
    {
        var mission = Build.Mission(Build.Skill("C#", level: 5, mandatory: true));

        Assert.That(Assess(mission, Build.Candidate("a", Build.Has("C#", level: 1))).IsExcluded, Is.False);
    }

    [Test]
    public void A_mandatory_skill_seen_in_an_experience_counts()
    {
        var mission = Build.Mission(Build.Skill("C#", mandatory: true));
        var candidate = Build.Candidate("a") with { Experiences = [new Experience { Skills = ["C#"], Start = new DateOnly(2024, 1, 1), End = new DateOnly(2024, 6, 1) }] };

        Assert.That(Assess(mission, candidate).IsExcluded, Is.False);
    }

    [Test]
    public void No_shared_language_excludes_but_unknown_languages_do_not()
    {
        var mission = Build.Mission() with { Languages = ["de", "it"] };

        Assert.That(Assess(mission, Build.Candidate("a") with { Languages = ["fr"] }).ExclusionCodes, Is.EqualTo(new[] { ExclusionCodes.NoSharedLanguage }));
        Assert.That(Assess(mission, Build.Candidate("b") with { Languages = null }).IsExcluded, Is.False);
        Assert.That(Assess(mission with { Languages = null }, Build.Candidate("c") with { Languages = ["fr"] }).IsExcluded, Is.False);
    }

    [Test]
    public void Every_reason_is_listed_when_several_rules_apply()
    {
        var mission = Build.Mission(Build.Skill("C#", mandatory: true)) with { Languages = ["de"] };
        var candidate = Build.Candidate("a") with { Availability = [], Languages = ["fr"] };

        Assert.That(Assess(mission, candidate).ExclusionCodes, Is.EqualTo(new[]
        {
            ExclusionCodes.Unavailable, ExclusionCodes.MissingMandatorySkill, ExclusionCodes.NoSharedLanguage,
        }));
    }
}
