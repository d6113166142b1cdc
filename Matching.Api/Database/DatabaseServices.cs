using Matching.Api.Candidates;
using Matching.Api.Decisions;
using Matching.Api.Missions;
using Matching.Api.Outcomes;
using Matching.Api.Registry;
using Matching.Api.Suggestions;
using Matching.Core.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Matching.Api.Database;

public static class DatabaseServices
{
    /// <summary>Whether a database is configured (<see cref="DatabaseOptions.HasDatabase"/>): without one the pool, missions, outcomes, decisions and the registry are off and their routes are not mapped.</summary>
    public static bool HasDatabase(this IHost app) => app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.HasDatabase;

    /// <summary>
    /// The database's options, its one data source, the stores, the decision log, the registry's listener, a readiness
    /// check and, when asked, migrations at start-up; without a connection string, the null versions of the services
    /// that run either way (a decision log that records nothing, a listener that follows nothing, no migrations, no
    /// check). All read the final configuration: hosts and tests add settings after this call.
    /// </summary>
    public static IHostApplicationBuilder AddMatchingDatabase(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section)
            .Configure<IConfiguration>((options, configuration) => options.ConnectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RegistryOptions>().BindConfiguration(RegistryOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // Resolved only by what runs with a database: the routes mapped then, and the factories below.
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<DatabaseOptions>>().Value is { HasDatabase: true } options
            ? CreateDataSource(options.ConnectionString!, options)
            : throw new InvalidOperationException($"ConnectionStrings:{DatabaseOptions.ConnectionStringName} is not set."));
        services.AddSingleton<CandidateStore>();
        services.AddSingleton<MissionStore>();
        services.AddSingleton<OutcomeStore>();
        services.AddSingleton<DecisionStore>();
        services.AddSingleton<Erasure>();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<SuggestionService>();

        services.AddSingleton(provider => new DecisionLog(
            DataSourceOrNull(provider), provider.GetRequiredService<IOptions<DatabaseOptions>>(), provider.GetRequiredService<ILogger<DecisionLog>>()));
        services.AddHostedService(provider => provider.GetRequiredService<DecisionLog>());
        services.AddHostedService(provider => new MigrateOnStart(
            provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart ? DataSourceOrNull(provider) : null, provider.GetRequiredService<ILogger<MigrateOnStart>>()));
        // After the migrations, so the registry's tables exist when the active version is read at start-up.
        services.AddSingleton(provider => new PromotionListener(
            DataSourceOrNull(provider) is null ? null : provider.GetRequiredService<ModelRegistry>(), DataSourceOrNull(provider), provider.GetRequiredService<ServingModel>(),
            provider.GetRequiredService<IOptions<RegistryOptions>>(), provider.GetRequiredService<ILogger<PromotionListener>>()));
        services.AddHostedService(provider => provider.GetRequiredService<PromotionListener>());

        services.AddHealthChecks();
        services.AddOptions<HealthCheckServiceOptions>().Configure<IOptions<DatabaseOptions>>((health, options) =>
        {
            if (options.Value.HasDatabase)
            {
                // No registration timeout: the check keeps its own, so a slow database is a Degraded answer, not a cancelled check.
                health.Registrations.Add(new HealthCheckRegistration("database", provider => ActivatorUtilities.CreateInstance<DatabaseHealthCheck>(provider),
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

    /// <summary>The data source, or null without a database: the one place the services that run either way learn which.</summary>
    static NpgsqlDataSource? DataSourceOrNull(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<DatabaseOptions>>().Value.HasDatabase ? provider.GetRequiredService<NpgsqlDataSource>() : null;

    /// <summary>Applies pending migrations before the service accepts requests; given no data source (no database, or not asked), does nothing.</summary>
    sealed class MigrateOnStart(NpgsqlDataSource? dataSource, ILogger<MigrateOnStart> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            if (dataSource is not null)
            {
                var applied = await Migrations.ApplyAsync(dataSource, logger, cancellationToken);
                logger.LogInformation("Database migrated at start-up: {Applied} migrations applied", applied.Count);
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
