using Matching.Core.Contracts;

namespace Matching.Tests;

/// <summary>Small, readable requests for tests: a mission on C# and SQL, and candidates to vary.</summary>
static class Build
{
    public static readonly DateOnly Start = new(2026, 3, 2);
    public static readonly DateOnly End = new(2026, 5, 29);

    public static Mission Mission(params MissionSkill[] skills) => new()
    {
        Id = "mission-1",
        Title = "Payments API",
        Skills = skills.Length > 0 ? [.. skills] : [Skill("C#", level: 3, weight: 2), Skill("SQL", level: 2)],
        Start = Start,
        End = End,
        Capacity = 0.5,
        Location = "Lyon",
        Remote = false,
        Languages = ["fr"],
    };

    public static MissionSkill Skill(string name, int level = 1, double weight = 1, bool mandatory = false) =>
        new() { Name = name, Level = level, Weight = weight, Mandatory = mandatory };

    public static CandidateSkill Has(string name, int level = 3, double? years = null, DateOnly? lastUsed = null) =>
        new() { Name = name, Level = level, Years = years, LastUsed = lastUsed };

    public static Candidate Candidate(string id, params CandidateSkill[] skills) => new()
    {
        Id = id,
        Skills = [.. skills],
        Experiences = [],
        Availability = [FreeDuringMission(1.0)],
        Location = "Lyon",
        Languages = ["fr", "en"],
        ActiveMissions = 0,
    };

    public static AvailabilityWindow FreeDuringMission(double capacity) => new() { From = Start.AddDays(-7), To = End.AddDays(7), Capacity = capacity };

    public static MatchRequest Request(Mission mission, params Candidate[] candidates) => new() { Mission = mission, Candidates = [.. candidates] };
}
