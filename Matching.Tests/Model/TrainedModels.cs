using Matching.Core.Model;

namespace Matching.Tests.Model;

/// <summary>
/// Small real models trained through the binding on synthetic candidate rows: 16 features in 5
/// groups, relevance 0–4 from a noisy function that mixes groups, missions of 20 candidates.
/// </summary>
internal static class TrainedModels
{
    public const int FeatureCount = 16;
    public const int MissionSize = 20;

    public static readonly int[] FeatureGroup = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4];

    /// <summary>One interaction-constraint set per feature group.</summary>
    public const string InteractionConstraints = "[[0,1,2,3],[4,5,6],[7,8,9],[10,11,12],[13,14,15]]";

    public const string MonotoneConstraints = "(1,0,0,0,1,0,0,-1,0,0,0,0,0,1,0,0)";

    public static Dictionary<string, string> Parameters(string objective) => new()
    {
        ["objective"] = objective,
        ["tree_method"] = "hist",
        ["max_depth"] = "5",
        ["eta"] = "0.3",
        ["seed"] = "7",
        ["nthread"] = "2",
        ["verbosity"] = "0",
    };

    public static Dictionary<string, string> AdditiveParameters(string objective)
    {
        var parameters = Parameters(objective);
        parameters["interaction_constraints"] = InteractionConstraints;
        parameters["monotone_constraints"] = MonotoneConstraints;
        return parameters;
    }

    /// <summary>Uniform [0, 1) features; <paramref name="missingRate"/> of them NaN.</summary>
    public static float[] Rows(int rowCount, int seed, double missingRate)
    {
        var random = new Random(seed);
        var rows = new float[rowCount * FeatureCount];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = random.NextDouble() < missingRate ? float.NaN : random.NextSingle();
        }
        return rows;
    }

    /// <summary>Relevance 0–4: quintiles of a score mixing groups (so unconstrained trees mix them).</summary>
    public static float[] Relevance(float[] rows, int rowCount, int seed)
    {
        var random = new Random(seed);
        var scores = new double[rowCount];
        for (var r = 0; r < rowCount; r++)
        {
            double X(int f) => float.IsNaN(rows[r * FeatureCount + f]) ? 0.5 : rows[r * FeatureCount + f];
            scores[r] = 2 * X(0) + Math.Sin(3 * X(4)) * X(5) + X(7) * X(8) - X(10) + X(13) * X(0) + X(11) * X(14)
                        + 0.3 * random.NextDouble();
        }
        var sorted = scores.Order().ToArray();
        return scores.Select(s => (float)Math.Min(4, Array.BinarySearch(sorted, s) * 5 / rowCount)).ToArray();
    }

    public static DMatrix Matrix(float[] rows, int rowCount, string objective, int seed)
    {
        var matrix = new DMatrix(rows, rowCount, FeatureCount);
        var relevance = Relevance(rows, rowCount, seed);
        matrix.SetLabels(objective.StartsWith("binary:", StringComparison.Ordinal)
            ? relevance.Select(r => r >= 3 ? 1f : 0f).ToArray()
            : relevance);
        if (objective.StartsWith("rank:", StringComparison.Ordinal))
        {
            matrix.SetGroupSizes(Enumerable.Repeat((uint)MissionSize, rowCount / MissionSize).ToArray());
        }
        return matrix;
    }

    public static Booster Train(Dictionary<string, string> parameters, int rounds, int rowCount = 2000, double missingRate = 0.1, int seed = 1)
    {
        var rows = Rows(rowCount, seed, missingRate);
        using var train = Matrix(rows, rowCount, parameters["objective"], seed);
        var booster = new Booster(train);
        foreach (var (name, value) in parameters)
        {
            booster.SetParam(name, value);
        }
        for (var i = 0; i < rounds; i++)
        {
            booster.UpdateOneIter(i, train);
        }
        return booster;
    }
}
