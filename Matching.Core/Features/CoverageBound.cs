namespace Matching.Core.Features;

/// <summary>
/// How much of a mission a candidate could cover, read from the keys of the skills they hold and the days they have
/// free, without reading their profile: the suggestions' shortlist ranks the pool by it. It bounds
/// <c>skill_coverage_with_adjacent</c> times <c>availability_coverage</c> from above (FeatureExtractor's
/// WriteSkillFeatures and AvailabilityCoverage): a change to either formula is a change here, and
/// CoverageBoundTests fails the day the bound falls below them.
/// </summary>
public static class CoverageBound
{
    /// <summary>Each required skill's share of the mission's weight, as the skill features weigh it.</summary>
    public static float[] Weights(MissionProfile mission) => [.. mission.Skills.Select(s => s.Weight / mission.TotalWeight)];

    /// <summary>
    /// The share of the mission's days (<paramref name="start"/> to <paramref name="end"/>, both included) on which the
    /// candidate has some free time, whatever the capacity: at least availability_coverage, which counts a day free for
    /// less than the mission asks in part. <paramref name="free"/> holds days, first and last included, ordered by their
    /// first day, as PostgreSQL returns a datemultirange.
    /// </summary>
    public static float FreeShare(ReadOnlySpan<(DateOnly First, DateOnly Last)> free, DateOnly start, DateOnly end)
    {
        var days = 0;
        var counted = start.DayNumber;
        foreach (var (first, last) in free)
        {
            // Overlapping windows count each day once.
            var from = Math.Max(first.DayNumber, counted);
            var to = Math.Min(last.DayNumber, end.DayNumber);
            if (to >= from)
            {
                days += to - from + 1;
                counted = to + 1;
            }
        }

        return (float)days / (end.DayNumber - start.DayNumber + 1);
    }
}

/// <summary>
/// The skills part of <see cref="CoverageBound"/> for one mission, over keys of type <typeparamref name="TKey"/>: the
/// weighted share of the required skills held directly (credit 1) or through their best-credited neighbour, as
/// skill_coverage_with_adjacent counts them if every level sufficed. Summed in double, in the features' order, so
/// that it is never below the feature, not even by a rounding.
/// </summary>
public sealed class CoverageBound<TKey>
    where TKey : notnull
{
    readonly Dictionary<TKey, (int Required, float Credit)[]> bearings;
    readonly float[] weights;
    readonly float[] best;

    /// <param name="bearings">Each key bearing on a required skill: the required skill's index and the credit holding the key gives.</param>
    /// <param name="weights"><see cref="CoverageBound.Weights"/>.</param>
    public CoverageBound(IEnumerable<(TKey Key, int Required, float Credit)> bearings, float[] weights)
    {
        this.bearings = bearings.GroupBy(b => b.Key).ToDictionary(g => g.Key, g => g.Select(b => (b.Required, b.Credit)).ToArray());
        this.weights = weights;
        best = new float[weights.Length];
    }

    /// <summary>The bound for a candidate holding <paramref name="held"/>. Not thread-safe: one instance per reader.</summary>
    public float Of(ReadOnlySpan<TKey> held)
    {
        Array.Clear(best);
        foreach (var key in held)
        {
            if (bearings.TryGetValue(key, out var bearing))
            {
                foreach (var (required, credit) in bearing)
                {
                    best[required] = Math.Max(best[required], credit);
                }
            }
        }

        double sum = 0;
        for (var r = 0; r < weights.Length; r++)
        {
            sum += weights[r] * best[r];
        }

        return (float)sum;
    }
}
