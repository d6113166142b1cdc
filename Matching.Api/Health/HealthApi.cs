using Matching.Api.Registry;
using Matching.Core.Model;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Matching.Api.Health;

public static class HealthApi
{
    public const string ModelVersionHeader = "X-Model-Version";
    public const string ActiveModelVersionHeader = "X-Model-Active-Version";

    /// <summary>
    /// /health/live: the process answers. /health/ready: the catalog and a model are loaded; the serving version in
    /// X-Model-Version and, with a model registry, the active version in X-Model-Active-Version.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).WithTags("Health");
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = WriteReadiness }).WithTags("Health");
        return app;
    }

    static Task WriteReadiness(HttpContext context, HealthReport report)
    {
        if (context.RequestServices.GetRequiredService<ServingModel>().TryGetCurrent(out var model))
        {
            context.Response.Headers[ModelVersionHeader] = model.Version;
        }

        if (context.RequestServices.GetService<PromotionListener>()?.Status is { Follows: true, Active: { } active })
        {
            context.Response.Headers[ActiveModelVersionHeader] = active;
        }

        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(report.Status.ToString(), context.RequestAborted);
    }
}
