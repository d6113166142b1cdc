using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Matching.Api.Apis;

public static class HealthApi
{
    /// <summary>/health/live: the process answers. /health/ready: the catalog and a model are loaded.</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).WithTags("Health");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).WithTags("Health");
        return app;
    }
}
