using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Matching.Api.Hosting;

/// <summary>How much one caller, and all callers' large bodies together, may use the service at once.</summary>
public sealed class RateLimitOptions
{
    public const string Section = $"{MatchingOptions.Section}:RateLimit";

    /// <summary>Requests per second one API key may make on average (a token bucket refilled every 100 ms).</summary>
    [Range(1, 1_000_000)]
    public int RequestsPerSecond { get; set; } = 2000;

    /// <summary>Requests one key may make at once beyond the average.</summary>
    [Range(1, 1_000_000)]
    public int Burst { get; set; } = 4000;

    /// <summary>Requests one key may have in flight at once; more are refused with 429.</summary>
    [Range(1, 100_000)]
    public int ConcurrentRequests { get; set; } = 16;

    /// <summary>Bodies over <see cref="LargeBodyBytes"/> (or of unknown length) read at once, by all callers together; others wait in line.</summary>
    [Range(1, 1_000)]
    public int ConcurrentLargeBodies { get; set; } = 2;

    [Range(0, 100_000)]
    public int LargeBodyQueue { get; set; } = 16;

    [Range(0, 1L << 31)]
    public long LargeBodyBytes { get; set; } = 1 << 20;
}

/// <summary>
/// ASP.NET Core's rate limiter, chained: a token bucket and a concurrency limit per API key (per address before a
/// key is known), and one concurrency limit, with a queue, on large bodies across all callers, so one client's
/// 10,000-candidate requests cannot take every core and the memory of 16 bodies at once. A refusal is a 429
/// problem with Retry-After.
/// </summary>
public static class RateLimits
{
    public static void AddMatchingRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, settings) =>
        {
            var options = settings.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests.",
                        Detail = "This API key has too many requests in flight or made too many too quickly; retry after the delay in Retry-After.",
                    },
                });
            };
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => RateLimitPartition.GetTokenBucketLimiter(Caller(http), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst,
                    TokensPerPeriod = Math.Max(1, options.RequestsPerSecond / 10),
                    ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
                    QueueLimit = 0,
                })),
                PartitionedRateLimiter.Create<HttpContext, string>(http => RateLimitPartition.GetConcurrencyLimiter(Caller(http), _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = options.ConcurrentRequests,
                    QueueLimit = 0,
                })),
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsLarge(http, options.LargeBodyBytes)
                    ? RateLimitPartition.GetConcurrencyLimiter("large bodies", _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = options.ConcurrentLargeBodies,
                        QueueLimit = options.LargeBodyQueue,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    })
                    : RateLimitPartition.GetNoLimiter("small bodies")));
        });
    }

    /// <summary>Health checks have a partition of their own, so no caller's traffic can use up the orchestrator's probes.</summary>
    public static void UseMatchingRateLimits(this WebApplication app) => app.UseRateLimiter();

    static string Caller(HttpContext http) =>
        http.Request.Path.StartsWithSegments("/health") ? "health"
        : http.Items["ApiKeyId"] is string key ? $"key:{key}"
        : $"address:{http.Connection.RemoteIpAddress}";

    static bool IsLarge(HttpContext http, long threshold) =>
        http.Request.ContentLength is { } length ? length > threshold : HttpMethods.IsPost(http.Request.Method) || HttpMethods.IsPut(http.Request.Method);
}
