using System.Diagnostics;
using Matching.Api.Database;
using Matching.Core.Model;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Matching.Api.Registry;

/// <param name="Follows">A database is configured: the instance follows the registry's active version.</param>
/// <param name="Active">The active version as last read from the registry; null when none was promoted, or not read yet.</param>
/// <param name="CheckedAt">When the registry was last read.</param>
/// <param name="Refused">The last promoted version this instance refused, and why; null once it serves the active version.</param>
public sealed record RegistryStatus(bool Follows, string? Active, DateTime? CheckedAt, RefusedVersion? Refused);

public sealed record RefusedVersion(string Version, string Reason);

/// <summary>
/// Keeps this instance on the registry's active model version. At start-up the active version replaces the configured
/// model before requests are accepted; afterwards a dedicated connection LISTENs for promotions, and the active
/// version is also read every <see cref="RegistryOptions.CheckSeconds"/> in case a notification was missed. A new
/// version is written to the cache directory, loaded with the canary and swapped in; one that fails is refused
/// (a warning naming it) and not tried again until another promotion. When the database goes away the instance keeps
/// the model it has and reconnects with a growing delay.
/// </summary>
/// <param name="registry">Null without a database: the instance then follows nothing and serves its configured model.</param>
public sealed class PromotionListener(
    ModelRegistry? registry, NpgsqlDataSource? dataSource, ServingModel serving, IOptions<RegistryOptions> options, ILogger<PromotionListener> logger)
    : BackgroundService
{
    static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);

    RegistryStatus status = new(false, null, null, null);
    long? followed;
    string? materialised;

    public RegistryStatus Status => Volatile.Read(ref status);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (registry is not null)
        {
            Update(status with { Follows = true });
            try
            {
                await FollowAsync(registry, cancellationToken);
            }
            catch (NpgsqlException e)
            {
                logger.LogWarning("Model registry not read at start-up ({Failure}); serving {ModelVersion} until it can be",
                    Failure(e), serving.TryGetCurrent(out var current) ? current.Version : null);
            }
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (registry is null || dataSource is null)
        {
            return;
        }

        var check = TimeSpan.FromSeconds(options.Value.CheckSeconds);
        var reconnect = new Backoff(FirstRetry, TimeSpan.FromSeconds(options.Value.ReconnectMaxSeconds), TimeProvider.System);
        Stopwatch? outage = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"listen {ModelRegistry.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                if (outage is not null)
                {
                    logger.LogInformation("Model registry reachable again after {OutageSeconds:0} s; listening for promotions", outage.Elapsed.TotalSeconds);
                    outage = null;
                }

                reconnect.Reset();
                // Whatever was promoted while nobody listened.
                await FollowAsync(registry, stoppingToken);
                while (true)
                {
                    // A notification, or the periodic check when none came.
                    await connection.WaitAsync(check, stoppingToken);
                    await FollowAsync(registry, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                if (outage is null)
                {
                    outage = Stopwatch.StartNew();
                    var version = serving.TryGetCurrent(out var current) ? current.Version : null;
                    if (e is NpgsqlException database)
                    {
                        logger.LogWarning("Model registry unreachable ({Failure}); {ModelVersion} keeps serving, reconnecting with backoff up to {ReconnectMaxSeconds} s",
                            Failure(database), version, options.Value.ReconnectMaxSeconds);
                    }
                    else
                    {
                        // Not the database going away: a fault of ours, but the instance keeps serving and keeps trying.
                        logger.LogError(e, "Following the model registry failed; {ModelVersion} keeps serving, retrying with backoff", version);
                    }
                }

                if (!await reconnect.WaitAsync(stoppingToken))
                {
                    return;
                }
            }
        }
    }

    /// <summary>Reads the active version and, when it was promoted since the last look and is not serving, loads it.</summary>
    async Task FollowAsync(ModelRegistry registry, CancellationToken cancellationToken)
    {
        var active = await registry.ActiveAsync(cancellationToken);
        Update(Status with { Active = active?.Version, CheckedAt = DateTime.UtcNow });
        if (active is null || active.Id == followed)
        {
            return;
        }

        var previous = serving.TryGetCurrent(out var current) ? current.Version : null;
        if (previous == active.Version)
        {
            followed = active.Id;
            Update(Status with { Refused = null });
            return;
        }

        var watch = Stopwatch.StartNew();
        var files = await registry.FilesAsync(active.Version, cancellationToken);
        var fetched = watch.Elapsed;
        // From here on this promotion is tried once: a version that fails is not retried in a loop.
        followed = active.Id;
        string? directory = null;
        ReloadOutcome outcome;
        try
        {
            directory = ModelFiles.Write(options.Value.ResolveCacheDirectory(), active.Version, files);
            outcome = await serving.ReloadAsync(directory, active.Version, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ModelLoadException)
        {
            outcome = new ReloadOutcome(false, previous, previous, $"{e.GetType().Name}: {e.Message}");
        }

        if (!outcome.Reloaded)
        {
            Delete(directory);
            var reason = directory is null ? outcome.Error ?? "" : outcome.Error?.Replace(directory, active.Version, StringComparison.Ordinal) ?? "";
            Update(Status with { Refused = new RefusedVersion(active.Version, reason) });
            logger.LogWarning("Promoted model {PromotedVersion} refused (promoted by {KeyId}); {ModelVersion} keeps serving: {Reason}",
                active.Version, active.PromotedBy, outcome.Serving, reason);
            return;
        }

        Delete(materialised);
        materialised = directory;
        Update(Status with { Refused = null });
        logger.LogInformation("Promoted model {ModelVersion} now serving, was {PreviousVersion} (promoted by {KeyId}; {Files} files read in {FetchMs:0} ms, checked and swapped in {LoadMs:0} ms, {SincePromotionMs:0} ms after the promotion)",
            active.Version, previous, active.PromotedBy, files.Count, fetched.TotalMilliseconds, (watch.Elapsed - fetched).TotalMilliseconds, (DateTime.UtcNow - active.PromotedAt).TotalMilliseconds);
    }

    void Update(RegistryStatus next) => Volatile.Write(ref status, next);

    void Delete(string? directory)
    {
        try
        {
            if (directory is not null && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException e)
        {
            logger.LogWarning("Could not remove the cached model directory ({Failure})", e.GetType().Name);
        }
    }

    static string Failure(NpgsqlException e) => e is PostgresException postgres ? $"{postgres.SqlState}: {postgres.MessageText}" : e.InnerException?.GetType().Name ?? e.GetType().Name;
}
