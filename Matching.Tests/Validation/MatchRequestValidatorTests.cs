using Matching.Core.Contracts;
using Matching.Core.Validation;

namespace Matching.Tests.Validation;

public class MatchRequestValidatorTests
{
    static readonly MatchRequestValidator Validator = new(MatchLimits.Default);

    static IDictionary<string, string[]> Errors(MatchRequest request) => Validator.Validate(request).ToDictionary();

    [Test]
    public void A_complete_request_is_valid()
    {
        var request = Build.Request(Build.Mission(), Build.Candidate("a", Build.Has("C#")));

        Assert.That(Errors(request), Is.Empty);
    }

    [Test]
    public void Missing_mission_and_candidates_are_named()
    {
        Assert.That(Errors(new MatchRequest()).Keys, Is.EquivalentTo(new[] { "mission", "candidates" }));
    }

    [TestCase(0)]
    [TestCase(6)]
    public void Mission_skill_level_outside_1_to_5_is_named_by_path(int level)
    {
        var request = Build.Request(Build.Mission(Build.Skill("C#"), Build.Skill("SQL", level: level)), Build.Candidate("a"));

        Assert.That(Errors(request).Keys, Is.EqualTo(new[] { "mission.skills[1].level" }));
    }

    [TestCase(0.0)]
    [TestCase(-1.0)]
    [TestCase(1.01)]
    public void Capacity_outside_0_exclusive_to_1_is_rejected(double capacity)
    {
        var request = Build.Request(Build.Mission() with { Capacity = capacity }, Build.Candidate("a"));

        Assert.That(Errors(request).Keys, Is.EqualTo(new[] { "mission.capacity" }));
    }

    [Test]
    public void End_before_start_is_rejected_on_the_end_field()
    {
        var request = Build.Request(Build.Mission() with { End = Build.Start.AddDays(-1) }, Build.Candidate("a"));

        Assert.That(Errors(request).Keys, Is.EqualTo(new[] { "mission.end" }));
    }

    [Test]
    public void Weight_must_be_positive()
    {
        var request = Build.Request(Build.Mission(Build.Skill("C#", weight: 0)), Build.Candidate("a"));

        Assert.That(Errors(request).Keys, Is.EqualTo(new[] { "mission.skills[0].weight" }));
    }

    [Test]
    public void Empty_and_duplicate_candidate_ids_are_named()
    {
        var request = Build.Request(Build.Mission(), Build.Candidate("a"), Build.Candidate(" "), Build.Candidate("a"));

        Assert.That(Errors(request).Keys, Is.EquivalentTo(new[] { "candidates[1].id", "candidates[2].id" }));
    }

    [Test]
    public void Candidate_fields_are_checked_with_their_paths()
    {
        var candidate = Build.Candidate("a", Build.Has("C#", level: 9), new CandidateSkill { Name = "SQL" }) with
        {
            Experiences = [new Experience { Skills = ["C#", ""], Start = Build.Start, End = Build.Start.AddDays(-3), Rating = 0 }],
            Availability = [new AvailabilityWindow { From = Build.Start, To = Build.End, Capacity = 1.5 }, new AvailabilityWindow { To = Build.End, Capacity = 1 }],
            Languages = ["french"],
            ActiveMissions = -1,
        };

        var errors = Errors(Build.Request(Build.Mission(), candidate));

        Assert.That(errors.Keys, Is.EquivalentTo(new[]
        {
            "candidates[0].skills[0].level", "candidates[0].skills[1].level",
            "candidates[0].experiences[0].skills[1]", "candidates[0].experiences[0].end", "candidates[0].experiences[0].rating",
            "candidates[0].availability[0].capacity", "candidates[0].availability[1].from",
            "candidates[0].languages[0]", "candidates[0].activeMissions",
        }));
    }

    [Test]
    public void More_candidates_than_the_limit_is_one_clear_error()
    {
        var validator = new MatchRequestValidator(new MatchLimits { MaxCandidates = 2 });
        var request = Build.Request(Build.Mission(), Build.Candidate("a"), Build.Candidate("b"), Build.Candidate("c"));

        var errors = validator.Validate(request).ToDictionary();

        Assert.That(errors.Keys, Is.EqualTo(new[] { "candidates" }));
        Assert.That(errors["candidates"][0], Does.Contain("At most 2"));
    }

    [Test]
    public void More_skills_than_the_limit_is_rejected()
    {
        var validator = new MatchRequestValidator(new MatchLimits { MaxSkills = 2 });
        var request = Build.Request(Build.Mission(Build.Skill("a"), Build.Skill("b"), Build.Skill("c")), Build.Candidate("a"));

        Assert.That(validator.Validate(request).ToDictionary().Keys, Is.EqualTo(new[] { "mission.skills" }));
    }

    [Test]
    public void Errors_are_capped_but_counted()
    {
        var candidates = Enumerable.Range(0, 300).Select(i => Build.Candidate($"c{i}", Build.Has("C#", level: 0))).ToArray();

        var errors = Errors(Build.Request(Build.Mission(), candidates));

        Assert.That(errors, Has.Count.EqualTo(ValidationErrors.MaxReported + 1));
        Assert.That(errors["$"][0], Does.StartWith("300 errors"));
    }

    [Test]
    public void Language_codes_are_the_iso_639_1_set()
    {
        Assert.That(LanguageCodes.Count, Is.EqualTo(183));
        Assert.That(LanguageCodes.IsValid("EN"), Is.True);
        Assert.That(LanguageCodes.IsValid("xx"), Is.False);
    }
}
