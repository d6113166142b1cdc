using System.ComponentModel.DataAnnotations;

namespace Matching.Api.Database;

/// <summary>The "Matching:Database" section. The connection string itself is <c>ConnectionStrings:Matching</c>; without it the database features are off.</summary>
public sealed class DatabaseOptions : IValidatableObject
{
    /// <summary>Bytes an <see cref="ErasureKey"/> holds at least: HMAC-SHA256's own output size.</summary>
    public const int MinErasureKeyBytes = 32;

    public const string Section = "Matching:Database";
    public const string ConnectionStringName = "Matching";

    /// <summary><c>ConnectionStrings:Matching</c>, read with the section (not a setting of its own).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Whether a database is configured: the one place that decides it.</summary>
    public bool HasDatabase => !string.IsNullOrWhiteSpace(ConnectionString);

    /// <summary>How long opening a connection may take before a database endpoint answers 503.</summary>
    [Range(1, 300)]
    public int ConnectTimeoutSeconds { get; set; } = 5;

    /// <summary>How long one statement may run before a database endpoint answers 503.</summary>
    [Range(1, 3600)]
    public int CommandTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// How long <c>/health/ready</c> waits for the database (open a connection, <c>select 1</c>) before it answers Degraded.
    /// Under the 3 s the container's <c>healthcheck</c> command waits for an answer.
    /// </summary>
    [Range(1, 60)]
    public int ReadinessTimeoutSeconds { get; set; } = 2;

    /// <summary>Apply pending migrations before the service accepts requests (the database must then be reachable at start-up).</summary>
    public bool MigrateOnStart { get; set; }

    /// <summary>Days the decision log keeps a ranking; <c>purge-decisions</c> removes older ones.</summary>
    [Range(1, 36500)]
    public int DecisionRetentionDays { get; set; } = 180;

    /// <summary>
    /// Suggestions read and rank at most this many of the candidates the pool's rules keep (at least <c>top</c>):
    /// those whose stored skills and free days could cover most of the mission. The others are counted in <c>pool.belowShortlist</c>;
    /// <c>exhaustive=true</c> ranks them all.
    /// </summary>
    [Range(1, 1_000_000)]
    public int SuggestionShortlist { get; set; } = 5_000;

    /// <summary>Rankings waiting to be written to the decision log at most; beyond it (the database down for a while) new ones are dropped and counted.</summary>
    [Range(1, 1_000_000)]
    public int DecisionQueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// The secret <c>erasures</c> keys erased ids with (HMAC-SHA256), base64, at least 32 bytes, the same on every
    /// instance; unset, a key generated once and kept in the database's <c>erasure_key</c> is used.
    /// </summary>
    public string? ErasureKey { get; set; }

    /// <summary>The configured <see cref="ErasureKey"/>'s bytes; null when none is set.</summary>
    public byte[]? ErasureKeyBytes() => string.IsNullOrWhiteSpace(ErasureKey) ? null : Convert.FromBase64String(ErasureKey);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(ErasureKey))
        {
            yield break;
        }

        var bytes = new byte[ErasureKey.Length];
        if (!Convert.TryFromBase64String(ErasureKey, bytes, out var length) || length < MinErasureKeyBytes)
        {
            yield return new ValidationResult($"ErasureKey must be base64 of at least {MinErasureKeyBytes} bytes (openssl rand -base64 32).", [nameof(ErasureKey)]);
        }
    }
}
