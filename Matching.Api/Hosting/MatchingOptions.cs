using System.ComponentModel.DataAnnotations;

namespace Matching.Api.Hosting;

/// <summary>
/// The "Matching" configuration section (environment: Matching__ModelPath and so on). The request limits of the same
/// section (MaxCandidates, MaxSkills ...) are read into <see cref="Matching.Core.Validation.MatchLimits"/>, the rate
/// limits of Matching:RateLimit into <see cref="RateLimitOptions"/>.
/// </summary>
public sealed class MatchingOptions
{
    public const string Section = "Matching";

    /// <summary>Model directory (card.json with model.zip from ML.NET or model.json from XGBoost) served at start-up; relative paths are under the app's folder.</summary>
    [Required]
    public string ModelPath { get; set; } = "models/default";

    /// <summary>Directories POST /v1/model/reload may load from; relative reload paths are resolved here.</summary>
    [Required]
    public string ModelsRoot { get; set; } = "models";

    [Required]
    public string CatalogPath { get; set; } = "models/catalog/skills.json.gz";

    /// <summary>The API keys that may call the service (X-Api-Key header), as id, SHA-256 and scopes. None: every call but health and OpenAPI is refused.</summary>
    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>Serve Swagger UI at /swagger (default: only in Development). The OpenAPI document is always served.</summary>
    public bool? SwaggerUi { get; set; }

    /// <summary>After this many seconds without a request, memory left from a peak is given back to the system (0: never).</summary>
    [Range(0, 86_400)]
    public int TrimMemoryAfterIdleSeconds { get; set; } = 10;

    /// <summary>The largest request body Kestrel reads; a larger one is a 413.</summary>
    [Range(1024, 1L << 31)]
    public long MaxRequestBytes { get; set; } = 64L << 20;

    public string Resolve(string path) => Path.GetFullPath(path, AppContext.BaseDirectory);
}
