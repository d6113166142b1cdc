namespace Matching.Core.Contracts;

/// <summary>A mission and the people who could staff it; the body of POST /v1/match.</summary>
public sealed record MatchRequest
{
    public Mission? Mission { get; init; }

    public List<Candidate>? Candidates { get; init; }

    /// <summary>How many ranked candidates to return (default 10).</summary>
    public int? Top { get; init; }

    /// <summary>Whether to return factors, skills and reasons for each ranked candidate (default true).</summary>
    public bool? Explain { get; init; }

    /// <summary>Whether <c>skillInterpretations</c> lists every skill name, also those read by their exact label (default false: only the others).</summary>
    public bool? AllInterpretations { get; init; }
}

/// <summary>A project, gig or assignment to staff.</summary>
public sealed record Mission
{
    public string? Id { get; init; }

    public string? Title { get; init; }

    /// <summary>Free text, English or French. When <see cref="Skills"/> is empty, the skills it names are required (level 1, weight 1).</summary>
    public string? Description { get; init; }

    public List<MissionSkill>? Skills { get; init; }

    public DateOnly? Start { get; init; }

    public DateOnly? End { get; init; }

    /// <summary>Share of full time the mission needs, in (0, 1].</summary>
    public double? Capacity { get; init; }

    public string? Location { get; init; }

    public bool? Remote { get; init; }

    /// <summary>ISO 639-1 codes; a candidate must share at least one.</summary>
    public List<string>? Languages { get; init; }
}

public sealed record MissionSkill
{
    public string? Name { get; init; }

    /// <summary>Minimum level wanted, 1–5 (default 1).</summary>
    public int? Level { get; init; }

    /// <summary>Relative importance, &gt; 0 (default 1).</summary>
    public double? Weight { get; init; }

    /// <summary>A candidate without this skill is excluded (default false).</summary>
    public bool? Mandatory { get; init; }
}

/// <summary>A person who could staff the mission. <see cref="Id"/> is opaque to the service.</summary>
public sealed record Candidate
{
    public string? Id { get; init; }

    public List<CandidateSkill>? Skills { get; init; }

    public List<Experience>? Experiences { get; init; }

    /// <summary>Free share of time per period; absent means unknown, treated as available and said so.</summary>
    public List<AvailabilityWindow>? Availability { get; init; }

    /// <summary>Skills the person wants to grow into.</summary>
    public List<string>? Aspirations { get; init; }

    public string? Location { get; init; }

    public List<string>? Languages { get; init; }

    /// <summary>Missions the person is staffed on now (default 0).</summary>
    public int? ActiveMissions { get; init; }
}

public sealed record CandidateSkill
{
    public string? Name { get; init; }

    /// <summary>Declared level, 1–5.</summary>
    public int? Level { get; init; }

    public double? Years { get; init; }

    public DateOnly? LastUsed { get; init; }
}

/// <summary>A past or ongoing assignment and the skills it used.</summary>
public sealed record Experience
{
    public string? Title { get; init; }

    public List<string>? Skills { get; init; }

    public DateOnly? Start { get; init; }

    /// <summary>Null while the assignment is ongoing.</summary>
    public DateOnly? End { get; init; }

    /// <summary>How the assignment went, 1–5, when known.</summary>
    public int? Rating { get; init; }

    /// <summary>Free text about the assignment, English or French; the skills it names count as evidenced by experience.</summary>
    public string? Description { get; init; }
}

public sealed record AvailabilityWindow
{
    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    /// <summary>Free share of full time in this window, 0–1.</summary>
    public double? Capacity { get; init; }
}
