using System.Text.Json;
using Matching.Core.Contracts;

namespace Matching.Tests.Database;

/// <summary>
/// Suggestions read only the shortlist of the candidates the rules keep — those whose stored skills could cover most
/// of the mission — and count the others; exhaustive=true reads them all. A shortlist of 3 here.
/// </summary>
public class ShortlistTests : DatabaseTests
{
    protected override void Configure(IDictionary<string, string?> settings) => settings["Matching:Database:SuggestionShortlist"] = "3";

    static readonly Mission Mission = Build.Mission(Build.Skill("C#", weight: 2), Build.Skill("SQL"), Build.Skill("Docker")) with { Id = "m1" };

    // Relevance: the weighted share of the mission's skills held (C# counts twice).
    static readonly Candidate[] Pool =
    [
        Build.Candidate("all-three", Build.Has("C#"), Build.Has("SQL"), Build.Has("Docker")), // 1
        Build.Candidate("csharp-and-sql", Build.Has("C#"), Build.Has("SQL")), // 0.75
        Build.Candidate("csharp", Build.Has("C#")), // 0.5
        Build.Candidate("sql", Build.Has("SQL")), // 0.25
        Build.Candidate("docker", Build.Has("Docker")), // 0.25
        Build.Candidate("aspires", Build.Has("Gardening")) with { Aspirations = ["C#"] }, // 0, related by aspiration
        // 1 × free 9 of the mission's 89 days: 0.1.
        Build.Candidate("all-three-rarely-free", Build.Has("C#"), Build.Has("SQL"), Build.Has("Docker")) with
        {
            Availability = [new AvailabilityWindow { From = Build.Start.AddDays(-30), To = Build.Start.AddDays(8), Capacity = 1 }],
        },
    ];

    async Task StoreAsync()
    {
        (await Put("/v1/missions/m1", JsonSerializer.Serialize(Mission, MatchingJson.Default.Mission))).Dispose();
        foreach (var candidate in Pool)
        {
            (await Put($"/v1/candidates/{candidate.Id}", JsonSerializer.Serialize(candidate, MatchingJson.Default.Candidate))).Dispose();
        }
    }

    async Task<JsonElement> Match(IEnumerable<Candidate> candidates) =>
        await Json(await Post("/v1/match", JsonSerializer.Serialize(
            new MatchRequest { Mission = Mission, Candidates = [.. candidates], Top = 1, Explain = true }, MatchingJson.Default.MatchRequest)));

    [Test]
    public async Task Only_the_most_relevant_are_read_and_the_others_are_counted()
    {
        await StoreAsync();

        var suggested = await Json(await Client.GetAsync("/v1/missions/m1/suggestions?top=1"));
        var matched = await Match(Pool.Take(3));

        // Read: the three most relevant, ranked as /v1/match ranks exactly them (counts, the best, its explanation).
        Assert.That(suggested.GetProperty("counts").GetRawText(), Is.EqualTo(matched.GetProperty("counts").GetRawText()));
        var pool = suggested.GetProperty("pool");
        Assert.That((pool.GetProperty("considered").GetInt32(), pool.GetProperty("belowShortlist").GetInt32(), pool.GetProperty("unrelated").GetInt32()), Is.EqualTo((3, 4, 0)));
        Assert.That(suggested.GetProperty("results").GetRawText(), Is.EqualTo(matched.GetProperty("results").GetRawText()), "the shortlist is ranked as /v1/match ranks it");
    }

    [Test]
    public async Task Exhaustive_reads_every_kept_candidate()
    {
        await StoreAsync();

        var suggested = await Json(await Client.GetAsync("/v1/missions/m1/suggestions?top=1&exhaustive=true"));
        var matched = await Match(Pool);

        Assert.That(suggested.GetProperty("counts").GetProperty("received").GetInt32(), Is.EqualTo(Pool.Length));
        Assert.That(suggested.GetProperty("counts").GetRawText(), Is.EqualTo(matched.GetProperty("counts").GetRawText()));
        Assert.That(suggested.GetProperty("pool").GetProperty("belowShortlist").GetInt32(), Is.Zero);
        Assert.That(suggested.GetProperty("results").GetRawText(), Is.EqualTo(matched.GetProperty("results").GetRawText()));
    }

    [Test]
    public async Task The_shortlist_holds_at_least_top_candidates_and_equals_at_its_cut_together()
    {
        await StoreAsync();

        var suggested = await Json(await Client.GetAsync("/v1/missions/m1/suggestions?top=4"));

        // The two at 0.25 tie at the cut and are read together; all three skills on 9 free days of 89 come after both.
        Assert.That(suggested.GetProperty("counts").GetProperty("received").GetInt32(), Is.EqualTo(5));
        Assert.That(Read(suggested), Is.SubsetOf(new[] { "all-three", "csharp-and-sql", "csharp", "docker", "sql" }));
        Assert.That(suggested.GetProperty("pool").GetProperty("belowShortlist").GetInt32(), Is.EqualTo(2));
        var six = await Json(await Client.GetAsync("/v1/missions/m1/suggestions?top=6"));
        Assert.That(Read(six), Does.Contain("all-three-rarely-free").And.Not.Contain("aspires"));
    }

    [Test]
    public async Task A_malformed_exhaustive_is_a_400_naming_it()
    {
        var errors = await Problems(await Client.GetAsync("/v1/missions/m1/suggestions?exhaustive=all"));

        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "exhaustive" }));
    }

    /// <summary>Every candidate the suggestion read: ranked or excluded.</summary>
    static List<string> Read(JsonElement response) =>
        [.. response.GetProperty("results").EnumerateArray().Concat(response.GetProperty("excluded").EnumerateArray()).Select(e => e.GetProperty("candidateId").GetString()!)];
}
