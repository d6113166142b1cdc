using System.Text.Json;
using Matching.Core.Contracts;
using Matching.Core.Features;
using Matching.Training.Generation;
using Matching.Core.Skills;

namespace Matching.Tests.Features;

public class ErasedCandidateTests
{
    const string Pseudonym = "erased-00000000-0000-0000-0000-000000000000";

    static SkillCatalog Catalog => TestCatalog.Shared;

    /// <summary>The feature vector, bit for bit (NaN included), and the exclusion codes.</summary>
    static (int[] Bits, string Codes) Features(Mission mission, Candidate candidate)
    {
        var features = new float[FeatureSchema.Count];
        var evidence = FeatureExtractor.Assess(MissionProfile.Create(mission, new SkillSpace(Catalog)), candidate, features);
        return ([.. features.Select(BitConverter.SingleToInt32Bits)], string.Join(' ', evidence.ExclusionCodes));
    }

    static Mission PaymentsInParis() => Build.Mission(Build.Skill("C#", level: 3, weight: 2), Build.Skill("Python"), Build.Skill("Helios CRM", mandatory: true)) with
    {
        Location = "Paris",
    };

    /// <summary>Someone whose snapshot holds every kind of free text the contract allows.</summary>
    static Candidate JohnSmith() => Build.Candidate("john.smith-42", Build.Has("C#", 4, years: 6), Build.Has("secret-skill-k4za", 5), Build.Has("helios crm", 2), Build.Has("Kubernets", 3)) with
    {
        Location = "Rue de la Paix 12a",
        Aspirations = ["Python", "secret-aspiration-q9z"],
        Experiences =
        [
            new Experience
            {
                Title = "Payments lead at Acme, with Jane Doe",
                Skills = ["C#", "secret-tool-x7"],
                Start = new DateOnly(2021, 1, 4),
                End = new DateOnly(2024, 9, 30),
                Rating = 4,
                Description = "Rewrote the nightly ETL for John's team in Python with Airflow; no Java.",
            },
            new Experience { Title = "Sabbatical in Lisbon", Start = new DateOnly(2024, 10, 1), Description = "Travelled with my family." },
        ],
    };

    [Test]
    public void A_reduced_snapshot_has_the_same_features_and_none_of_the_free_text()
    {
        var mission = PaymentsInParis();
        var john = JohnSmith();

        var reduced = ErasedCandidate.Reduce(john, mission, Pseudonym, Catalog);
        var json = JsonSerializer.Serialize(reduced, MatchingJson.Default.Candidate);

        Assert.That(Features(mission, reduced), Is.EqualTo(Features(mission, john)));
        string[] freeText = ["john", "John", "smith", "Rue de la Paix", "secret-", "Jane", "Acme", "nightly", "Lisbon", "family", "helios crm", "Kubernets"];
        Assert.That(freeText.Where(json.Contains), Is.Empty, json);
        Assert.That(reduced.Id, Is.EqualTo(Pseudonym));
        Assert.That(reduced.Location, Is.EqualTo(ErasedCandidate.Elsewhere));
        Assert.That(reduced.Skills!.Select(s => s.Name), Is.EqualTo(new[] { "C#", "Helios CRM", "Kubernetes" }), "the mission's spelling of its own unknown skill, the catalog's of a typo");
        Assert.That(reduced.Experiences![0].Description, Does.Contain("Python").And.Contain("Airflow"), "the described skills, as the catalog names them");
        Assert.That(reduced.Experiences[1].Description, Is.Null);
    }

    [Test]
    public void A_location_that_matched_the_mission_becomes_the_missions_and_an_unknown_one_stays_unknown()
    {
        var mission = PaymentsInParis();

        var there = ErasedCandidate.Reduce(JohnSmith() with { Location = "  PARIS " }, mission, Pseudonym, Catalog);
        var unknown = ErasedCandidate.Reduce(JohnSmith() with { Location = null }, mission, Pseudonym, Catalog);
        var elsewhereMission = mission with { Location = "Elsewhere" };
        var notThere = ErasedCandidate.Reduce(JohnSmith(), elsewhereMission, Pseudonym, Catalog);

        Assert.That(there.Location, Is.EqualTo("Paris"));
        Assert.That(unknown.Location, Is.Null);
        Assert.That(Features(elsewhereMission, notThere), Is.EqualTo(Features(elsewhereMission, JohnSmith())), "a mission based 'elsewhere' does not match the placeholder");
    }

    [Test]
    public void Reduced_synthetic_snapshots_have_the_same_features_against_their_missions()
    {
        var world = new StaffingWorld(Catalog, seed: 16, population: 400);
        var compared = 0;
        var described = 0;
        for (var m = 0; m < 60; m++)
        {
            var history = world.HistoricalMission(m);
            foreach (var entry in history.Candidates!)
            {
                var original = entry.Candidate!;
                var reduced = ErasedCandidate.Reduce(original, history.Mission!, Pseudonym, Catalog);
                var json = JsonSerializer.Serialize(reduced, MatchingJson.Default.Candidate);

                Assert.That(Features(history.Mission!, reduced), Is.EqualTo(Features(history.Mission!, original)), $"{history.Mission!.Id}, {original.Id}");
                Assert.That(json, Does.Not.Contain(original.Id!));
                Assert.That(reduced.Location, Is.Null.Or.EqualTo(history.Mission!.Location!.Trim()).Or.EqualTo(ErasedCandidate.Elsewhere));
                foreach (var (before, after) in original.Experiences!.Zip(reduced.Experiences!))
                {
                    Assert.That(json, Does.Not.Contain(before.Title!));
                    if (before.Description is { } text)
                    {
                        Assert.That(json, Does.Not.Contain(text));
                        described += after.Description is null ? 0 : 1;
                    }
                }

                compared++;
            }
        }

        Assert.That(compared, Is.GreaterThan(1000));
        Assert.That(described, Is.GreaterThan(500), "descriptions become catalog names rather than dropped");
    }
}
