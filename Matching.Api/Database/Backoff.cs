namespace Matching.Api.Database;

/// <summary>
/// The waits between attempts to reach the database again: <c>first</c>, then twice as long each time, never over
/// <c>max</c>, until <see cref="Reset"/> once it answers. The decision log's writer and the registry's listener wait so.
/// </summary>
public sealed class Backoff(TimeSpan first, TimeSpan max, TimeProvider time)
{
    readonly TimeSpan first = first;

    /// <summary>How long the next <see cref="WaitAsync"/> waits.</summary>
    public TimeSpan Next { get; private set; } = first;

    public void Reset() => Next = this.first;

    /// <summary>Waits <see cref="Next"/>, then doubles it (up to the most); false, at once, when cancelled.</summary>
    public async Task<bool> WaitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Next, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        Next = TimeSpan.FromTicks(Math.Min(Next.Ticks * 2, max.Ticks));
        return true;
    }
}
