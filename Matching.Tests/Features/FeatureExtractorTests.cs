using Matching.Core.Contracts;
using Matching.Core.Features;
using static Matching.Core.Features.FeatureSchema;

namespace Matching.Tests.Features;

public class FeatureExtractorTests
{
    static (float[] Features, CandidateEvidence Evidence, SkillSpace Space) Assess(Mission mission, Candidate candidate)
    {
        var space = new SkillSpace(TestCatalog.Shared);
        var profile = MissionProfile.Create(mission, space);
        var features = new float[FeatureSchema.Count];
        var evidence = FeatureExtractor.Assess(profile, candidate, features);
        return (features, evidence, space);
    }

    static float[] Features(Mission mission, Candidate candidate) => Assess(mission, candidate).Features;

    // The default test mission wants C# at level 3 (weight 2) and SQL at level 2 (weight 1).
    static readonly Mission Mission = Build.Mission();

    [Test]
    public void Schema_has_one_definition_per_index_and_unique_names()
    {
        Assert.That(FeatureSchema.Names, Is.Unique);
        Assert.That(FeatureSchema.Features[LanguageFit].Name, Is.EqualTo("language_fit"));
        Assert.That(FeatureSchema.Count, Is.EqualTo(17));
        Assert.That(FeatureSchema.InteractionConstraints, Is.EqualTo("[[0,1,2,3,4,5],[6,7,8,9,16],[10,11,12],[13],[14,15]]"));
    }

    [Test]
    public void Coverage_is_the_weighted_share_of_required_skills_held()
    {
        var features = Features(Mission, Build.Candidate("a", Build.Has("C#", level: 3)));

        Assert.That(features[SkillCoverage], Is.EqualTo(2f / 3).Within(1e-6));
    }

    [Test]
    public void Coverage_scales_a_skill_held_below_the_level_wanted()
    {
        var features = Features(Mission, Build.Candidate("a", Build.Has("C#", level: 2), Build.Has("SQL", level: 5)));

        Assert.That(features[SkillCoverage], Is.EqualTo(2f / 3 * 2 / 3 + 1f / 3).Within(1e-6));
    }

    [Test]
    public void Skill_names_are_normalised_before_matching()
    {
        var features = Features(Mission, Build.Candidate("a", Build.Has("c sharp", level: 3), Build.Has(" sql ", level: 2)));

        Assert.That(features[SkillCoverage], Is.EqualTo(1f).Within(1e-6));
    }

    [Test]
    public void A_skill_used_in_an_experience_counts_as_held_at_an_inferred_level()
    {
        var candidate = Build.Candidate("a") with
        {
            Experiences = [new Experience { Skills = ["SQL"], Start = Build.Start.AddYears(-3), End = Build.Start.AddYears(-2), Rating = 4 }],
        };

        var (features, evidence, _) = Assess(Mission, candidate);

        Assert.That(evidence.Level[1], Is.EqualTo(2));
        Assert.That(features[SkillCoverage], Is.EqualTo(1f / 3).Within(1e-6));
    }

    [Test]
    public void A_related_skill_earns_its_documented_credit_for_a_missing_one()
    {
        var csharp = TestCatalog.Id("C#");
        var neighbour = TestCatalog.Shared.Neighbours(csharp)[0];
        var label = TestCatalog.Shared.Label(neighbour.ConceptId);

        var (features, evidence, _) = Assess(Mission, Build.Candidate("a", Build.Has(label, level: 3)));

        Assert.That(evidence.AdjacentSkill[0], Is.EqualTo(neighbour.ConceptId));
        Assert.That(evidence.Adjacent[0], Is.EqualTo(neighbour.Credit).Within(1e-6));
        Assert.That(features[SkillCoverage], Is.EqualTo(0f));
        Assert.That(features[SkillCoverageWithAdjacent], Is.EqualTo(2f / 3 * neighbour.Credit).Within(1e-6));
        Assert.That(features[AdjacentCredit], Is.EqualTo(2f / 3 * neighbour.Credit).Within(1e-6));
    }

    [Test]
    public void Adjacent_credit_is_scaled_by_the_level_of_the_skill_that_stands_in()
    {
        var csharp = TestCatalog.Id("C#");
        var neighbour = TestCatalog.Shared.Neighbours(csharp)[0];

        var (_, evidence, _) = Assess(Mission, Build.Candidate("a", Build.Has(TestCatalog.Shared.Label(neighbour.ConceptId), level: 1)));

        Assert.That(evidence.Adjacent[0], Is.EqualTo(neighbour.Credit / 3).Within(1e-6));
    }

    [Test]
    public void Mandatory_gap_is_the_mean_shortfall_on_mandatory_skills()
    {
        var mission = Build.Mission(Build.Skill("C#", level: 3, mandatory: true), Build.Skill("SQL", level: 2, mandatory: true));

        var features = Features(mission, Build.Candidate("a", Build.Has("C#", level: 2), Build.Has("SQL", level: 2)));

        Assert.That(features[MandatoryGap], Is.EqualTo((1 - 2f / 3) / 2).Within(1e-6));
        Assert.That(Features(Mission, Build.Candidate("b"))[MandatoryGap], Is.EqualTo(0f));
    }

    [Test]
    public void Recency_decays_with_the_years_since_a_skill_was_last_used()
    {
        var threeYearsAgo = Build.Start.AddDays(-1096);
        var candidate = Build.Candidate("a", Build.Has("C#", level: 3, lastUsed: threeYearsAgo), Build.Has("SQL", level: 2));

        var features = Features(Mission, candidate);

        // C#: exp(-years/3) weighted 2/3; SQL without a date counts 0.5, weighted 1/3.
        Assert.That(features[SkillRecency], Is.EqualTo(2 / 3.0 * Math.Exp(-1096 / 365.25 / 3) + 0.5 / 3).Within(1e-5));
    }

    [Test]
    public void Years_count_up_to_ten()
    {
        var features = Features(Mission, Build.Candidate("a", Build.Has("C#", level: 3, years: 5), Build.Has("SQL", level: 2, years: 30)));

        Assert.That(features[SkillYears], Is.EqualTo(2f / 3 * 0.5f + 1f / 3).Within(1e-6));
    }

    [Test]
    public void Related_experience_sums_shares_of_required_weight_with_duration_rating_and_recency()
    {
        var candidate = Build.Candidate("a") with
        {
            Experiences =
            [
                new Experience { Skills = ["C#", "SQL"], Start = new DateOnly(2024, 1, 1), End = new DateOnly(2024, 12, 31), Rating = 5 },
                new Experience { Skills = ["SQL", "Cooking"], Start = new DateOnly(2025, 1, 1), End = new DateOnly(2025, 9, 1), Rating = 2 },
                new Experience { Skills = ["Cooking"], Start = new DateOnly(2025, 10, 1), End = null, Rating = null },
            ],
        };

        var features = Features(Mission, candidate);

        Assert.That(features[RelatedExperience], Is.EqualTo(1 + 1f / 3).Within(1e-6));
        var years = (1.0 * 365 / 365.25) + (1.0 / 3 * 243 / 365.25);
        Assert.That(features[RelatedExperienceYears], Is.EqualTo(years).Within(1e-5));
        Assert.That(features[RelatedExperienceRating], Is.EqualTo((5 + 2 / 3.0) / (4 / 3.0)).Within(1e-5));
        var months = (Build.Start.DayNumber - new DateOnly(2025, 9, 1).DayNumber) / (365.25 / 12);
        Assert.That(features[MonthsSinceRelatedExperience], Is.EqualTo(months).Within(1e-4));
    }

    [Test]
    public void Without_related_experience_rating_and_months_are_missing()
    {
        var features = Features(Mission, Build.Candidate("a"));

        Assert.That(features[RelatedExperience], Is.EqualTo(0f));
        Assert.That(features[RelatedExperienceRating], Is.NaN);
        Assert.That(features[MonthsSinceRelatedExperience], Is.NaN);
    }

    [Test]
    public void Availability_coverage_counts_days_free_for_the_capacity_asked()
    {
        var days = Build.End.DayNumber - Build.Start.DayNumber + 1;
        var half = Build.Start.AddDays(days / 2 - 1);
        var candidate = Build.Candidate("a") with
        {
            Availability =
            [
                new AvailabilityWindow { From = Build.Start.AddDays(-30), To = half, Capacity = 1.0 },
                // Overlapping windows do not add up: the freest one counts.
                new AvailabilityWindow { From = Build.Start, To = Build.End, Capacity = 0.25 },
            ],
        };

        var features = Features(Mission, candidate);

        var expected = ((days / 2) * 1.0 + (days - days / 2) * 0.5) / days;
        Assert.That(features[AvailabilityCoverage], Is.EqualTo(expected).Within(1e-6));
        Assert.That(features[AvailabilityUnknown], Is.EqualTo(0f));
    }

    [Test]
    public void Unknown_availability_is_assumed_and_flagged()
    {
        var features = Features(Mission, Build.Candidate("a") with { Availability = null });

        Assert.That(features[AvailabilityCoverage], Is.EqualTo(1f));
        Assert.That(features[AvailabilityUnknown], Is.EqualTo(1f));
    }

    [Test]
    public void Active_missions_are_passed_through()
    {
        Assert.That(Features(Mission, Build.Candidate("a") with { ActiveMissions = 3 })[ActiveMissions], Is.EqualTo(3f));
    }

    [Test]
    public void Aspirations_on_required_skills_count_by_weight()
    {
        var features = Features(Mission, Build.Candidate("a") with { Aspirations = ["SQL", "Cooking"] });

        Assert.That(features[AspirationMatch], Is.EqualTo(1f / 3).Within(1e-6));
    }

    [TestCase("Lyon", false, 1f)]
    [TestCase(" lyon ", false, 1f)]
    [TestCase("Berlin", false, 0f)]
    [TestCase("Berlin", true, 1f)]
    public void Location_fits_when_the_same_or_remote(string location, bool remote, float expected)
    {
        var features = Features(Mission with { Remote = remote }, Build.Candidate("a") with { Location = location });

        Assert.That(features[LocationFit], Is.EqualTo(expected));
    }

    [Test]
    public void Unknown_location_and_languages_are_missing_values()
    {
        var features = Features(Mission, Build.Candidate("a") with { Location = null, Languages = null });

        Assert.That(features[LocationFit], Is.NaN);
        Assert.That(features[LanguageFit], Is.NaN);
    }

    [Test]
    public void Language_fit_is_the_share_of_mission_languages_spoken()
    {
        var mission = Mission with { Languages = ["fr", "de"] };

        Assert.That(Features(mission, Build.Candidate("a") with { Languages = ["FR"] })[LanguageFit], Is.EqualTo(0.5f));
        Assert.That(Features(Mission with { Languages = null }, Build.Candidate("a") with { Languages = ["en"] })[LanguageFit], Is.EqualTo(1f));
    }

    [Test]
    public void An_unknown_skill_matches_literally_and_is_reported()
    {
        var mission = Build.Mission(Build.Skill("Acme Billing Platform", level: 2), Build.Skill("SQL"));

        var (features, _, space) = Assess(mission, Build.Candidate("a", Build.Has("acme  billing platform", level: 3), Build.Has("Zorblax")));

        Assert.That(features[SkillCoverage], Is.EqualTo(0.5f).Within(1e-6));
        Assert.That(space.Unrecognised(), Is.EqualTo(new[] { "Acme Billing Platform", "Zorblax" }));
    }

    [Test]
    public void Skills_naming_the_same_concept_are_merged_in_the_mission()
    {
        var space = new SkillSpace(TestCatalog.Shared);

        var profile = MissionProfile.Create(Build.Mission(Build.Skill("C#", level: 2), Build.Skill("C sharp", level: 4, mandatory: true)), space);

        Assert.That(profile.Skills, Has.Count.EqualTo(1));
        Assert.That(profile.Skills[0].Level, Is.EqualTo(4));
        Assert.That(profile.Skills[0].Mandatory, Is.True);
    }
}
