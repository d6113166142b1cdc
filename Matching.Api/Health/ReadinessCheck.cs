using Matching.Core.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Matching.Api.Health;

/// <summary>Ready once the skills catalog and a model are loaded (the catalog is a dependency of the model slot).</summary>
sealed class ReadinessCheck(ServingModel serving) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(serving.TryGetCurrent(out var model)
            ? HealthCheckResult.Healthy($"model {model.Version}")
            : HealthCheckResult.Unhealthy("no model loaded yet"));
}
