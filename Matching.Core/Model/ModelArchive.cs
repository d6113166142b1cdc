using System.IO.Compression;

namespace Matching.Core.Model;

/// <summary>
/// What a <c>model.zip</c> may hold before ML.NET opens it: exactly the entries ML.NET writes for the models trained here
/// (binary, calibrated; LambdaRank), each at most <see cref="MaxEntryBytes"/> and all at most <see cref="MaxTotalBytes"/> once inflated. Anything else (an extra
/// "../../evil", an absolute path, a gigabyte of zeros) is refused, so it is never registered, promoted or served.
/// </summary>
public static class ModelArchive
{
    /// <summary>The default model's largest entry (its trees) is 0.13 MB inflated.</summary>
    public const long MaxEntryBytes = 64L << 20;

    /// <summary>All entries together, inflated, as much as a model file may be on disk.</summary>
    public const long MaxTotalBytes = RankingModel.MaxModelBytes;

    /// <summary>Every entry ML.NET writes for a model trained here: a binary model has all eight; a LambdaRank one keeps its trees in TransformerChain/Model/Model.key and has no predictor or calibrator.</summary>
    public static IReadOnlySet<string> Entries { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Schema",
        "TrainingInfo/Version.txt",
        "TransformerChain/Model.key",
        "TransformerChain/TrainSchema",
        "TransformerChain/Model/Model.key",
        "TransformerChain/Model/Predictor/Model.key",
        "TransformerChain/Model/Calibrator/Model.key",
        "TransformerChain/Model/Calibrator/Calibrator.txt",
    };

    /// <summary>
    /// Throws <see cref="ModelLoadException"/> for an archive holding an entry not in <see cref="Entries"/>, one twice, or
    /// one over <paramref name="maxEntryBytes"/>, read from its central directory: nothing is inflated. The sizes it states
    /// bound what ML.NET reads, which stops at an entry's stated size. A zip that cannot be read throws
    /// <see cref="InvalidDataException"/>, as ML.NET's reading would.
    /// </summary>
    public static void Check(byte[] zip, long maxEntryBytes = MaxEntryBytes)
    {
        using var archive = new ZipArchive(new MemoryStream(zip, writable: false), ZipArchiveMode.Read);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var total = 0L;
        foreach (var entry in archive.Entries)
        {
            var name = entry.FullName;
            if (name.Split('/', '\\').Contains("..") || name.StartsWith('/') || name.StartsWith('\\') || name.Contains(':', StringComparison.Ordinal))
            {
                throw Refused($"its entry {Shown(name)} is a path out of the archive");
            }

            if (!Entries.Contains(name))
            {
                throw Refused($"its entry {Shown(name)} is not one an ML.NET model has ({string.Join(", ", Entries)})");
            }

            if (!seen.Add(name))
            {
                throw Refused($"it holds {Shown(name)} twice");
            }

            if (entry.Length > maxEntryBytes)
            {
                throw Refused($"its entry {Shown(name)} inflates to {entry.Length:N0} bytes, over the {maxEntryBytes:N0} allowed");
            }

            total += entry.Length;
        }

        if (total > MaxTotalBytes)
        {
            throw Refused($"its entries inflate to {total:N0} bytes, over the {MaxTotalBytes:N0} allowed");
        }
    }

    static ModelLoadException Refused(string why) => new($"{MlNetModel.FileName} is refused: {why}.");

    /// <summary>An entry's name as a reason may quote it: printable, at most 80 characters.</summary>
    static string Shown(string name)
    {
        var printable = string.Concat(name.Take(80).Select(c => char.IsControl(c) ? '?' : c));
        return $"'{printable}{(name.Length > 80 ? "…" : "")}'";
    }
}
