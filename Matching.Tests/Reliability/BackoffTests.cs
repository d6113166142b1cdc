using Matching.Api.Database;
using Microsoft.Extensions.Time.Testing;

namespace Matching.Tests.Reliability;

/// <summary>The waits of the decision log's writer and the registry's listener between attempts, on a clock the test moves.</summary>
public class BackoffTests
{
    [Test]
    public async Task Waits_double_up_to_the_most_and_start_over_once_reset()
    {
        var clock = new FakeTimeProvider();
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), clock);
        var waited = new List<TimeSpan>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            waited.Add(await Wait(backoff, clock));
        }

        backoff.Reset();
        var afterReset = await Wait(backoff, clock);

        Assert.That(waited.Select(w => w.TotalSeconds), Is.EqualTo(new[] { 1.0, 2, 4, 5, 5 }));
        Assert.That(afterReset, Is.EqualTo(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public async Task A_wait_cut_short_by_cancellation_says_so_at_once()
    {
        var backoff = new Backoff(TimeSpan.FromHours(1), TimeSpan.FromHours(1), new FakeTimeProvider());
        using var stopping = new CancellationTokenSource();

        var wait = backoff.WaitAsync(stopping.Token);
        await stopping.CancelAsync();

        Assert.That(await wait, Is.False);
    }

    /// <summary>The wait the backoff announced, once the clock was seen to end it then and not a tick before.</summary>
    static async Task<TimeSpan> Wait(Backoff backoff, FakeTimeProvider clock)
    {
        var announced = backoff.Next;
        var wait = backoff.WaitAsync(CancellationToken.None);
        clock.Advance(announced - TimeSpan.FromTicks(1));
        Assert.That(wait.IsCompleted, Is.False, "not over before its time");
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.That(await wait, Is.True);
        return announced;
    }
}
