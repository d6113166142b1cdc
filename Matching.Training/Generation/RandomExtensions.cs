namespace Matching.Training.Generation;

static class RandomExtensions
{
    public static double Gaussian(this Random random, double mean = 0, double deviation = 1)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return mean + deviation * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>Gumbel noise: adding it to utilities and taking the best is a logit choice.</summary>
    public static double Gumbel(this Random random, double scale) => -scale * Math.Log(-Math.Log(1.0 - random.NextDouble() * 0.999999 - 1e-9));

    public static bool Chance(this Random random, double probability) => random.NextDouble() < probability;

    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public static DateOnly Between(this Random random, DateOnly from, DateOnly to) =>
        DateOnly.FromDayNumber(from.DayNumber + random.Next(Math.Max(1, to.DayNumber - from.DayNumber + 1)));

    /// <summary>A generator for item <paramref name="index"/> of a stream seeded with <paramref name="seed"/>, independent of the others.</summary>
    public static Random For(int seed, int stream, int index) =>
        new(unchecked((int)(((uint)seed * 2654435761u) ^ ((uint)stream * 40503u) ^ ((uint)index * 2246822519u))));

    public static int Clamp(double value, int min, int max) => (int)Math.Clamp(Math.Round(value), min, max);
}
