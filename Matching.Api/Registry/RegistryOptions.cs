using System.ComponentModel.DataAnnotations;

namespace Matching.Api.Registry;

/// <summary>The "Matching:Registry" section: how an instance follows the model version promoted in the database.</summary>
public sealed class RegistryOptions
{
    public const string Section = "Matching:Registry";

    /// <summary>How often the active version is read even without a notification (the fallback to LISTEN/NOTIFY).</summary>
    [Range(1, 3600)]
    public int CheckSeconds { get; set; } = 30;

    /// <summary>The longest wait between two attempts to reach the database again after losing it.</summary>
    [Range(1, 3600)]
    public int ReconnectMaxSeconds { get; set; } = 30;

    /// <summary>Where registered versions are written to be loaded (default: matching-models in the temporary folder); relative paths are under the app's folder.</summary>
    public string? CacheDirectory { get; set; }

    public string ResolveCacheDirectory() => string.IsNullOrWhiteSpace(CacheDirectory)
        ? Path.Combine(Path.GetTempPath(), "matching-models")
        : Path.GetFullPath(CacheDirectory, AppContext.BaseDirectory);
}
