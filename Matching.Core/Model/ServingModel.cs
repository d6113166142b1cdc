namespace Matching.Core.Model;

/// <summary>
/// The model the service scores with, swapped atomically. A request takes <see cref="Current"/> once and
/// finishes on it, so a reload never changes a ranking half-way; reloads run one at a time; a failed
/// reload leaves the serving model untouched. Replaced models are not disposed: requests may still hold
/// them, and the garbage collector frees them once nobody does.
/// </summary>
public sealed class ServingModel
{
    readonly SemaphoreSlim reloads = new(1, 1);
    RankingModel? current;

    public RankingModel Current => Volatile.Read(ref current) ?? throw new InvalidOperationException("No model is loaded yet.");

    public bool TryGetCurrent(out RankingModel model)
    {
        model = Volatile.Read(ref current)!;
        return model is not null;
    }

    /// <summary>Loads the start-up model; throws <see cref="ModelLoadException"/> with the reason when it cannot be served.</summary>
    public RankingModel LoadInitial(string directory)
    {
        var model = RankingModel.Load(directory);
        Volatile.Write(ref current, model);
        return model;
    }

    /// <summary>Loads, validates and canary-scores <paramref name="directory"/>, then swaps it in.</summary>
    public Task<ReloadOutcome> ReloadAsync(string directory, CancellationToken cancellationToken) => ReloadAsync(directory, null, cancellationToken);

    /// <summary>
    /// As <see cref="ReloadAsync(string, CancellationToken)"/>; with <paramref name="expectedVersion"/>, only when the files
    /// hash to that version (a registry's copy that does not is refused).
    /// </summary>
    public async Task<ReloadOutcome> ReloadAsync(string directory, string? expectedVersion, CancellationToken cancellationToken)
    {
        await reloads.WaitAsync(cancellationToken);
        try
        {
            var previous = Volatile.Read(ref current);
            RankingModel candidate;
            try
            {
                candidate = RankingModel.Load(directory);
            }
            catch (ModelLoadException e)
            {
                return new ReloadOutcome(false, previous?.Version, previous?.Version, e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever else a directory can do to the loader, the serving model stays, and the caller hears why.
                return new ReloadOutcome(false, previous?.Version, previous?.Version,
                    $"The model directory could not be loaded: {e.GetType().Name}: {e.Message.Replace(directory, "the model directory", StringComparison.Ordinal)}");
            }

            if (expectedVersion is not null && candidate.Version != expectedVersion)
            {
                return new ReloadOutcome(false, previous?.Version, previous?.Version,
                    $"the files of {expectedVersion} hash to {candidate.Version}: they are not the model registered under that version.");
            }

            Volatile.Write(ref current, candidate);
            return new ReloadOutcome(true, previous?.Version, candidate.Version, null);
        }
        finally
        {
            reloads.Release();
        }
    }
}

/// <param name="Serving">The version serving after the attempt: the new one on success, the old one on failure.</param>
public sealed record ReloadOutcome(bool Reloaded, string? Previous, string? Serving, string? Error);

/// <summary>A model directory that cannot be served, and why; the reason never names the directory, which may be named after a person.</summary>
public sealed class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>A file-system failure under <paramref name="directory"/>, said of "the model directory" and without the inner exception, whose message carries the path.</summary>
    public static ModelLoadException Unreadable(Exception e, string directory) =>
        new($"The model directory could not be read: {e.GetType().Name}: {e.Message.Replace(directory, "the model directory", StringComparison.Ordinal)}");
}
