using System.Reflection;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Trainers.LightGbm;

namespace Matching.Core.Model;

/// <summary>
/// The two things this project needs from ML.NET's LightGBM wrapper that it does not make public, in one
/// place, for the exact package version pinned in Directory.Packages.props (Microsoft.ML.LightGbm 5.0.1,
/// LightGBM 4.6.0):
/// <list type="bullet">
/// <item>LightGBM's own parameters (<c>monotone_constraints</c>, <c>interaction_constraints</c>,
/// <c>deterministic</c>...), which no ML.NET option carries: added to the trainer's native parameter
/// dictionary (<c>LightGbmTrainerBase.GbmOptions</c>) before it trains;</item>
/// <item>where each split sends a missing value (<c>InternalRegressionTree.DefaultValueForMissing</c>): a NaN
/// takes that value, then follows the split like any other.</item>
/// </list>
/// If a future ML.NET moves either, these throw, and the tests that check every trained tree keeps to one
/// factor, the monotone check and the extraction's equality with ML.NET's own scores fail.
/// </summary>
internal static class LightGbmInternals
{
    const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    public static string PackageVersion { get; } =
        typeof(LightGbmBinaryTrainer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    /// <summary>Adds LightGBM parameters to a LightGbm trainer that has not trained yet.</summary>
    public static void SetNativeParameters(object trainer, IReadOnlyDictionary<string, string> parameters)
    {
        var options = Field(trainer.GetType(), "GbmOptions").GetValue(trainer) as Dictionary<string, object>
            ?? throw new NotSupportedException($"Microsoft.ML.LightGbm {PackageVersion}: the trainer's native options are not a dictionary; constraints cannot be set.");
        foreach (var (name, value) in parameters)
        {
            options[name] = value;
        }
    }

    /// <summary>Per split node, the value a missing feature takes before the comparison; null when a NaN is compared as it is.</summary>
    public static float[]? MissingValueDefaults(RegressionTree tree)
    {
        var inner = Field(tree.GetType(), "_tree").GetValue(tree)
            ?? throw new NotSupportedException($"Microsoft.ML.LightGbm {PackageVersion}: a tree has no inner tree.");
        return (float[]?)Field(inner.GetType(), "DefaultValueForMissing").GetValue(inner);
    }

    static FieldInfo Field(Type type, string name)
    {
        for (var t = type; t is not null; t = t.BaseType)
        {
            if (t.GetField(name, Instance) is { } field)
            {
                return field;
            }
        }

        throw new NotSupportedException($"Microsoft.ML.LightGbm {PackageVersion} has no field '{name}' on {type.Name}; this project is built against 5.0.1.");
    }
}
