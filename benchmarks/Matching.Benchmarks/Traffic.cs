using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Matching.Benchmarks;

/// <summary>Outcomes and latencies per kind of request, for the current reporting window and in total.</summary>
sealed class TrafficLog
{
    sealed class Kind
    {
        public List<double> Window { get; } = [];
        public List<double> All { get; } = [];
        public Dictionary<int, int> Failures { get; } = [];
        public int WindowFailures { get; set; }
    }

    readonly SortedDictionary<string, Kind> kinds = new(StringComparer.Ordinal);

    /// <summary>A 2xx counts its latency; anything else (0: no answer) is a failure.</summary>
    public void Record(string kind, double milliseconds, int status)
    {
        lock (kinds)
        {
            if (!kinds.TryGetValue(kind, out var k))
            {
                kinds[kind] = k = new Kind();
            }

            if (status is >= 200 and < 300)
            {
                k.Window.Add(milliseconds);
                k.All.Add(milliseconds);
            }
            else
            {
                k.Failures[status] = k.Failures.GetValueOrDefault(status) + 1;
                k.WindowFailures++;
            }
        }
    }

    public int Failures(string? kind = null)
    {
        lock (kinds)
        {
            return kinds.Where(k => kind is null || k.Key == kind).Sum(k => k.Value.Failures.Values.Sum());
        }
    }

    public int Count(int status, string kind)
    {
        lock (kinds)
        {
            return kinds.TryGetValue(kind, out var k) ? k.Failures.GetValueOrDefault(status) : 0;
        }
    }

    public List<double> Latencies(string kind)
    {
        lock (kinds)
        {
            return kinds.TryGetValue(kind, out var k) ? [.. k.All.Order()] : [];
        }
    }

    /// <summary>One line per kind: requests, failures by status, p50 and p99; the window's, which then starts again, or the totals.</summary>
    public string Report(bool window)
    {
        var text = new StringBuilder();
        lock (kinds)
        {
            foreach (var (name, k) in kinds)
            {
                var times = (window ? k.Window : k.All).Order().ToList();
                var failures = window ? k.WindowFailures : k.Failures.Values.Sum();
                text.Append(CultureInfo.InvariantCulture,
                    $"    {name,-12} {times.Count + failures,7:N0} requests, {failures} failed{(k.Failures.Count > 0 ? $" ({string.Join(", ", k.Failures.Select(f => $"{(f.Key == 0 ? "no answer" : f.Key)}: {f.Value}"))} in all)" : "")}, p50 {Machine.Percentile(times, 50):0.0} ms, p99 {Machine.Percentile(times, 99):0.0} ms\n");
                if (window)
                {
                    k.Window.Clear();
                    k.WindowFailures = 0;
                }
            }
        }

        return text.ToString().TrimEnd('\n');
    }

    /// <summary>Sends and reads the whole answer; records it under <paramref name="kind"/>; the status (0: no answer) and the body.</summary>
    public async Task<(int Status, byte[] Body)> SendAsync(HttpClient client, string kind, HttpMethod method, string path, string key, byte[]? body = null)
    {
        var watch = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Api-Key", key);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new("application/json");
        }

        try
        {
            using var response = await client.SendAsync(request);
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Record(kind, watch.Elapsed.TotalMilliseconds, (int)response.StatusCode);
            return ((int)response.StatusCode, bytes);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            Record(kind, watch.Elapsed.TotalMilliseconds, 0);
            return (0, []);
        }
    }
}

/// <summary>The service's resident memory, sampled at a fixed interval until disposed.</summary>
sealed class MemorySampler : IDisposable
{
    readonly List<(TimeSpan At, double Megabytes)> samples = [];
    readonly Stopwatch clock = Stopwatch.StartNew();
    readonly CancellationTokenSource stop = new();
    readonly Task sampling;

    public MemorySampler(ServiceProcess service, TimeSpan every)
    {
        sampling = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var megabytes = service.ResidentMegabytes();
                lock (samples)
                {
                    samples.Add((clock.Elapsed, megabytes));
                }

                await Task.Delay(every, CancellationToken.None);
            }
        });
    }

    public TimeSpan Now => clock.Elapsed;

    /// <summary>The largest sample since <paramref name="since"/> (on this sampler's clock).</summary>
    public double Peak(TimeSpan since = default)
    {
        lock (samples)
        {
            return samples.Where(s => s.At >= since).Select(s => s.Megabytes).DefaultIfEmpty(double.NaN).Max();
        }
    }

    public double Latest
    {
        get
        {
            lock (samples)
            {
                return samples.Count == 0 ? double.NaN : samples[^1].Megabytes;
            }
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        sampling.Wait();
        stop.Dispose();
    }
}
