namespace Matching.Training.Generation;

/// <summary>A skill as it truly is, and as the person declares it (people over- and under-state).</summary>
sealed record PersonSkill(int SkillId, string Name, int TrueLevel, int DeclaredLevel, DateOnly Since);

/// <summary>A past or ongoing assignment in a person's career.</summary>
sealed record Assignment(string Title, DateOnly Start, DateOnly End, int[] Skills, int? Rating);

/// <summary>
/// A synthetic employee. Some traits are never shown to the model: <see cref="Performance"/> (drives
/// ratings and staffing success), <see cref="Busyness"/> (the best tend to be busiest) and
/// <see cref="Choosiness"/> (declines proposals).
/// </summary>
sealed class Person
{
    public required string Id { get; init; }

    public required int Occupation { get; init; }

    public required double Seniority { get; init; }

    public required double Performance { get; init; }

    public required double Busyness { get; init; }

    public required double Choosiness { get; init; }

    /// <summary>Contracted share of full time: 1, 0.8 or 0.5.</summary>
    public required double PartTime { get; init; }

    public required int City { get; init; }

    public required List<string> Languages { get; init; }

    public required Dictionary<int, PersonSkill> Skills { get; init; }

    /// <summary>The skills the person lists on their profile, a subset of what they know.</summary>
    public required List<int> Declared { get; init; }

    public required List<Assignment> Career { get; init; }

    public required List<string> Aspirations { get; init; }

    /// <summary>Aspirations as skill ids, for the latent outcome process.</summary>
    public required HashSet<int> AspirationIds { get; init; }
}
