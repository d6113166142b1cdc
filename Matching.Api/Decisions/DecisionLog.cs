using System.Data;
using System.Diagnostics;
using System.Threading.Channels;
using Matching.Api.Candidates;
using Matching.Api.Database;
using Matching.Core.Contracts;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Matching.Api.Decisions;

/// <summary>
/// One ranking to record: who asked, with which model, and what each candidate returned or excluded got.
/// <see cref="RequestedAt"/>, when its request began (before anything it ranked was read), is not recorded: it decides
/// whether an erasure came after the ranking.
/// </summary>
sealed record DecisionEntry(
    string RequestId, DateTime RequestedAt, DateTime AnsweredAt, string? KeyId, string ModelVersion, string? MissionId, string Source, MatchCounts Counts, DecisionEntry.Row[] Candidates)
{
    /// <summary>A returned candidate (rank and score) or an excluded one (codes).</summary>
    public readonly record struct Row(string CandidateId, int? Rank, double? Score, string[]? Codes);
}

/// <summary>
/// The decision log (EU AI Act art. 12): every ranking answered is recorded, append-only, when a database is
/// configured. Off the request path: <see cref="Record"/> copies what is kept into a bounded queue and returns; a
/// background writer copies the queue into PostgreSQL in batches (one binary COPY per batch, a row per ranking). A database
/// that is down never blocks or fails a match: the writer retries with backoff, and once the queue is full new
/// entries are dropped and counted (warnings carry counts only). Stopping the service drains the queue.
/// </summary>
public sealed class DecisionLog(NpgsqlDataSource? dataSource, IOptions<DatabaseOptions> options, ILogger<DecisionLog> logger) : IHostedService
{
    public const string Inline = "inline";
    public const string Pool = "pool";

    /// <summary>Entries copied per transaction at most.</summary>
    const int MaxBatch = 1000;

    /// <summary>How long the writer lets entries gather before a batch: a few transactions a second, not one per match.</summary>
    static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(200);
    /// <summary>
    /// How much later than an erasure's <c>erased_at</c> a ranking may have been requested and still be pseudonymised:
    /// the erasure commits just after it stamps that time, and the instance's clock may drift while the ranking waits in
    /// the queue after the offset to the database's clock is measured.
    /// </summary>
    static readonly TimeSpan ErasureAllowance = TimeSpan.FromSeconds(1);
    static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    readonly Channel<DecisionEntry> queue = Channel.CreateBounded<DecisionEntry>(new BoundedChannelOptions(options.Value.DecisionQueueCapacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Cancelled when the host gives up waiting for the drain: the batch in hand is then lost (and counted).</summary>
    readonly CancellationTokenSource abort = new();
    Task writer = Task.CompletedTask;
    TaskCompletionSource wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    volatile bool stopping;
    long enqueued;
    long settled;
    long written;
    long dropped;

    /// <summary>Whether rankings are recorded (a database is configured).</summary>
    public bool IsOn => dataSource is not null;

    /// <summary>Rankings written to the database since start.</summary>
    public long Written => Interlocked.Read(ref written);

    /// <summary>Rankings not recorded since start: the queue was full, or the database refused them, or shutdown could not wait.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    /// <summary>
    /// Queues a ranking for the log and returns at once (never blocks, never throws for the database's sake).
    /// <paramref name="keyId"/>: the configured id of the API key that asked (never the key);
    /// <paramref name="source"/>: <see cref="Inline"/> (POST /v1/match) or <see cref="Pool"/> (suggestions from the talent pool);
    /// <paramref name="started"/>: <see cref="Stopwatch.GetTimestamp"/> as the handler began, before it read anything it ranked.
    /// </summary>
    public void Record(string? keyId, MatchResponse response, string? missionId, string source, long started)
    {
        if (dataSource is null)
        {
            return;
        }

        var rows = new DecisionEntry.Row[response.Results.Count + response.Excluded.Count];
        var i = 0;
        foreach (var result in response.Results)
        {
            rows[i++] = new(Text(result.CandidateId), result.Rank, result.Score, null);
        }

        foreach (var excluded in response.Excluded)
        {
            rows[i++] = new(Text(excluded.CandidateId), null, null, [.. excluded.Codes]);
        }

        var answeredAt = DateTime.UtcNow;
        var entry = new DecisionEntry(Text(response.RequestId), answeredAt - Stopwatch.GetElapsedTime(started), answeredAt, NullableText(keyId),
            Text(response.ModelVersion), NullableText(missionId), source, response.Counts, rows);
        if (queue.Writer.TryWrite(entry))
        {
            Interlocked.Increment(ref enqueued);
        }
        else
        {
            Interlocked.Increment(ref dropped);
        }
    }

    /// <summary>
    /// Waits until every ranking queued before this call is written (or given up), at most <paramref name="timeout"/>;
    /// false when time ran out. Erasure calls it so that rankings answered just before are erased too.
    /// </summary>
    public async Task<bool> FlushAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref enqueued);
        var started = Stopwatch.GetTimestamp();
        while (Interlocked.Read(ref settled) < target)
        {
            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                return false;
            }

            wake.TrySetResult();
            await Task.Delay(10, cancellationToken);
        }

        return true;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (dataSource is not null)
        {
            writer = Task.Run(WriteAllAsync, CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    /// <summary>No more entries are taken; everything queued is written before this returns, unless the host stops waiting.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        stopping = true;
        queue.Writer.TryComplete();
        wake.TrySetResult();
        using (cancellationToken.Register(abort.Cancel))
        {
            await writer;
        }

        if (queue.Reader.Count > 0 || Dropped > 0)
        {
            var left = 0;
            while (queue.Reader.TryRead(out _))
            {
                left++;
            }

            logger.LogWarning("Decision log stopped: {Written} rankings written, {Dropped} not recorded, {Left} left in the queue", Written, Dropped + left, left);
        }
    }

    async Task WriteAllAsync()
    {
        var reader = queue.Reader;
        var batch = new List<DecisionEntry>(MaxBatch);
        long reported = 0;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            if (reader.Count < MaxBatch && !stopping)
            {
                await Task.WhenAny(Task.Delay(Linger), wake.Task);
                if (wake.Task.IsCompleted && !stopping)
                {
                    wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }

            while (batch.Count < MaxBatch && reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            await WriteWithRetriesAsync(batch);
            Interlocked.Add(ref settled, batch.Count);
            batch.Clear();

            var lost = Dropped;
            if (lost > reported)
            {
                logger.LogWarning("Decision log: {Dropped} rankings not recorded so far ({New} since the last report); {Queued} queued", lost, lost - reported, reader.Count);
                reported = lost;
            }
        }
    }

    /// <summary>Writes the batch, retrying while the database is unreachable; a batch the database refuses, or shutdown cuts short, is counted as dropped.</summary>
    async Task WriteWithRetriesAsync(List<DecisionEntry> batch)
    {
        var backoff = new Backoff(FirstRetry, LastRetry, TimeProvider.System);
        while (true)
        {
            try
            {
                await WriteAsync(batch, abort.Token);
                Interlocked.Add(ref written, batch.Count);
                return;
            }
            catch (NpgsqlException e) when (e.IsTransient && !abort.IsCancellationRequested)
            {
                dataSource!.Clear();
                logger.LogWarning("Decision log: the database is unavailable ({Failure}); {Batch} rankings kept, retrying in {RetrySeconds} s; {Queued} queued",
                    e.InnerException?.GetType().Name ?? e.GetType().Name, batch.Count, backoff.Next.TotalSeconds, queue.Reader.Count);
                // Cut short by shutdown, the next attempt fails at once and the batch is counted below.
                await backoff.WaitAsync(abort.Token);
            }
            catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
            {
                Interlocked.Add(ref dropped, batch.Count);
                logger.LogError("Decision log: {Batch} rankings not recorded ({Failure} {SqlState})", batch.Count, e.GetType().Name, (e as PostgresException)?.SqlState);
                return;
            }
        }
    }

    async Task WriteAsync(List<DecisionEntry> batch, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource!.OpenConnectionAsync(cancellationToken);
        // Read committed, whatever the server's default: the erasures read after the lock must include any that
        // committed while this waited for it.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var erased = await ErasedAsync(connection, batch.Min(e => e.RequestedAt), cancellationToken);
        string Id(DecisionEntry entry, string id) =>
            erased is { Hashes.Count: > 0, Key: { } key } && erased.Hashes.TryGetValue(Convert.ToHexString(ErasureKey.Hash(key, id)), out var at)
                && entry.RequestedAt + erased.ClockOffset < at + ErasureAllowance
                ? Erasure.NewPseudonym()
                : id;

        await using var copy = await connection.BeginBinaryImportAsync("""
            copy decisions (request_id, answered_at, key_id, model_version, mission_id, source, received, ranked, excluded, omitted,
                            candidate_ids, ranks, scores, exclusion_codes)
            from stdin (format binary)
            """, cancellationToken);
        foreach (var entry in batch)
        {
            var returned = entry.Candidates.Count(r => r.Codes is null);
            await copy.StartRowAsync(cancellationToken);
            await copy.WriteAsync(entry.RequestId, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(entry.AnsweredAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await WriteOrNullAsync(copy, entry.KeyId, cancellationToken);
            await copy.WriteAsync(entry.ModelVersion, NpgsqlDbType.Text, cancellationToken);
            await WriteOrNullAsync(copy, entry.MissionId, cancellationToken);
            await copy.WriteAsync(entry.Source, NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(entry.Counts.Received, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(entry.Counts.Ranked, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(entry.Counts.Excluded, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(entry.Counts.Omitted, NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(entry.Candidates.Select(r => Id(entry, r.CandidateId)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            await copy.WriteAsync(entry.Candidates.Take(returned).Select(r => r.Rank!.Value).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer, cancellationToken);
            await copy.WriteAsync(entry.Candidates.Take(returned).Select(r => r.Score!.Value).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Double, cancellationToken);
            await copy.WriteAsync(entry.Candidates.Skip(returned).Select(r => string.Join(' ', r.Codes!)).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
        }

        // One COPY is one statement: the batch is written whole or not at all.
        await copy.CompleteAsync(cancellationToken);
        await copy.DisposeAsync();
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The erasures a batch must respect: the ids' HMACs in hex with when each was erased, the key, and the database's clock less the instance's.</summary>
    sealed record Erasures(Dictionary<string, DateTime> Hashes, byte[]? Key, TimeSpan ClockOffset);

    /// <summary>
    /// The erasures a batch requested from <paramref name="oldest"/> on must respect, read under the lock an erasure takes
    /// exclusively: an erasure either committed before (and is read here) or waits for this batch to commit (and
    /// pseudonymises it). A ranking requested before an erasure committed gets a new pseudonym in place of the id; one
    /// requested later keeps it. The two clocks are compared through the database's read here, after the lock: taken as
    /// of the moment its answer arrived, the offset errs by the answer's way back, and only towards the ranking looking older.
    /// </summary>
    async Task<Erasures> ErasedAsync(NpgsqlConnection connection, DateTime oldest, CancellationToken cancellationToken)
    {
        await using var clock = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new("select pg_advisory_xact_lock_shared($1)") { Parameters = { new() { Value = Erasure.WriteLock } } },
                new("select clock_timestamp()"),
            },
        };
        DateTime databaseNow;
        await using (var reader = await clock.ExecuteReaderAsync(cancellationToken))
        {
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            databaseNow = reader.GetDateTime(0);
        }

        var offset = databaseNow - DateTime.UtcNow;
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new("select encode(id_hash, 'hex'), erased_at from erasures where erased_at > $1") { Parameters = { new() { Value = oldest + offset - ErasureAllowance } } },
                new("select key from erasure_key"),
            },
        };
        var hashes = new Dictionary<string, DateTime>(StringComparer.OrdinalIgnoreCase);
        byte[]? key = null;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                hashes[reader.GetString(0)] = reader.GetDateTime(1);
            }

            await reader.NextResultAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                key = (byte[])reader.GetValue(0);
            }
        }

        return new Erasures(hashes, options.Value.ErasureKeyBytes() ?? key, offset);
    }

    static async Task WriteOrNullAsync(NpgsqlBinaryImporter copy, string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await copy.WriteNullAsync(cancellationToken);
        }
        else
        {
            await copy.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);
        }
    }

    /// <summary>PostgreSQL's text cannot hold NUL, which /v1/match accepts in ids: one such id must not cost a whole batch.</summary>
    static string Text(string value) => value.Contains('\0', StringComparison.Ordinal) ? value.Replace('\0', '\uFFFD') : value;

    static string? NullableText(string? value) => value is null ? null : Text(value);
}
