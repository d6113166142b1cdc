using System.Diagnostics;
using Microsoft.Extensions.Options;

namespace Matching.Api.Hosting;

/// <summary>
/// Gives memory back to the operating system once the service has been idle for a while after a peak. The garbage
/// collector only runs when something allocates, so after a burst of 10,000-candidate requests an idle service kept
/// its peak heap (1 GB and more) indefinitely; one aggressive, compacting collection after
/// <see cref="MatchingOptions.TrimMemoryAfterIdleSeconds"/> without a request returns it. Never runs while requests
/// flow, so it costs nothing under load.
/// </summary>
sealed class IdleMemory(IOptions<MatchingOptions> options, ILogger<IdleMemory> logger) : BackgroundService
{
    /// <summary>Below this much committed heap there is nothing worth giving back.</summary>
    const long Worthwhile = 64L << 20;

    static long lastRequest = Stopwatch.GetTimestamp();

    /// <summary>Called for every request: the service is not idle.</summary>
    public static void Touch() => Volatile.Write(ref lastRequest, Stopwatch.GetTimestamp());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = options.Value.TrimMemoryAfterIdleSeconds;
        if (seconds <= 0)
        {
            return;
        }

        // Twice per idle spell: after the configured wait, and again once ArrayPool<byte>.Shared (which holds the large
        // request buffers) lets go of arrays unused for a minute, which it does only during a full collection.
        TimeSpan[] waits = [TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(seconds + 65)];
        long spell = 0;
        var done = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, seconds / 2.0)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var last = Volatile.Read(ref lastRequest);
            if (last != spell)
            {
                (spell, done) = (last, 0);
            }

            if (done == waits.Length || Stopwatch.GetElapsedTime(last) < waits[done])
            {
                continue;
            }

            done++;
            if (GC.GetGCMemoryInfo().TotalCommittedBytes < Worthwhile)
            {
                continue;
            }

            var before = Environment.WorkingSet;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            logger.LogInformation("Idle: memory given back, working set {BeforeMb} MB -> {AfterMb} MB",
                before >> 20, Environment.WorkingSet >> 20);
        }
    }
}
