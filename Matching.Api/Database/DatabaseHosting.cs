using Matching.Api.Candidates;
using Matching.Api.Decisions;
using Matching.Api.Http;
using Matching.Api.Missions;
using Matching.Api.Outcomes;
using Matching.Api.Registry;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Matching.Api.Database;

public static class DatabaseHosting
{
    /// <summary>Whether <c>ConnectionStrings:Matching</c> is set: without it the pool, missions and outcomes are off and their routes are not mapped.</summary>
    public static bool HasDatabase(this WebApplication app) => HasDatabase(app.Configuration);

    internal static bool HasDatabase(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration.GetConnectionString(DatabaseOptions.ConnectionStringName));

    /// <summary>
    /// One data source for the process, the stores, a readiness check and, when asked, migrations at start-up. All
    /// read the final configuration (hosts and tests add settings after this call) and do nothing without a connection string.
    /// </summary>
    public static WebApplicationBuilder AddMatchingDatabase(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(services => CreateDataSource(
            services.GetRequiredService<IConfiguration>().GetConnectionString(DatabaseOptions.ConnectionStringName)
                ?? throw new InvalidOperationException($"ConnectionStrings:{DatabaseOptions.ConnectionStringName} is not set."),
            services.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        builder.Services.AddSingleton<CandidateStore>();
        builder.Services.AddSingleton<MissionStore>();
        builder.Services.AddSingleton<OutcomeStore>();
        builder.Services.AddSingleton<DecisionStore>();
        builder.Services.AddSingleton<Erasure>();
        builder.Services.AddSingleton(services => new DecisionLog(
            HasDatabase(services.GetRequiredService<IConfiguration>()) ? services.GetRequiredService<NpgsqlDataSource>() : null,
            services.GetRequiredService<IOptions<DatabaseOptions>>(), services.GetRequiredService<ILogger<DecisionLog>>()));
        builder.Services.AddHostedService(services => services.GetRequiredService<DecisionLog>());
        builder.Services.AddSingleton<DatabaseUnavailable>();
        builder.Services.AddHostedService<MigrateOnStart>();
        builder.Services.AddOptions<RegistryOptions>().BindConfiguration(RegistryOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ModelRegistry>();
        // After the migrations, so the registry's tables exist when the active version is read at start-up.
        builder.Services.AddSingleton<PromotionListener>();
        builder.Services.AddHostedService(services => services.GetRequiredService<PromotionListener>());
        builder.Services.AddHealthChecks();
        builder.Services.AddOptions<HealthCheckServiceOptions>().Configure<IConfiguration>((health, configuration) =>
        {
            if (HasDatabase(configuration))
            {
                // No registration timeout: the check keeps its own, so a slow database is a Degraded answer, not a cancelled check.
                health.Registrations.Add(new HealthCheckRegistration("database", services => ActivatorUtilities.CreateInstance<DatabaseHealthCheck>(services),
                    HealthStatus.Degraded, ["ready"]));
            }
        });
        return builder;
    }

    /// <summary>
    /// A data source with the configured connect and command timeouts, for the service and the commands. A statement the
    /// server does not answer fails after CommandTimeout plus at most ConnectTimeout: Npgsql then sends a cancel request
    /// on a new connection, which waits up to ConnectTimeout for the server before the statement's connection is broken.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString, DatabaseOptions options)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.Timeout = options.ConnectTimeoutSeconds;
        builder.ConnectionStringBuilder.CommandTimeout = options.CommandTimeoutSeconds;
        // Npgsql's default (Prefer) opens that cancel request's connection a second time when the first one gets no
        // answer, doubling the wait; a connection string that names a mode keeps it.
        if (!builder.ConnectionStringBuilder.Keys.Contains("GSS Encryption Mode"))
        {
            builder.ConnectionStringBuilder.GssEncryptionMode = GssEncryptionMode.Disable;
        }

        return builder.Build();
    }

    sealed class MigrateOnStart(IServiceProvider services, IConfiguration configuration, IOptions<DatabaseOptions> options, ILogger<MigrateOnStart> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (options.Value.MigrateOnStart && HasDatabase(configuration))
            {
                var applied = await Migrations.ApplyAsync(services.GetRequiredService<NpgsqlDataSource>(), logger, cancellationToken);
                logger.LogInformation("Database migrated at start-up: {Applied} migrations applied", applied.Count);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
