using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Matching.Benchmarks;

/// <summary>
/// POST /v1/match against the real service on loopback:
/// (1) 10,000 candidates, top 20 explained, sequential requests → latency percentiles;
/// (2) 100 candidates, top 10 explained, concurrent connections for a fixed time → requests per second.
/// The load generator runs on the same machine, as the targets say.
/// </summary>
static class HttpBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var largeRequests = Option(args, "--large-requests", 30);
        var seconds = Option(args, "--seconds", 20);
        var connections = Option(args, "--connections", 8);
        // --only large | throughput: run one of the two parts (to iterate on one target).
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
        if (only is not (null or "large" or "throughput"))
        {
            Console.Error.WriteLine($"--only takes large or throughput, not {only}.");
            return 2;
        }

        Console.WriteLine($"Machine: {Machine.Describe()}");

        var samples = new SampleRequests(args);
        Console.WriteLine(EverydayNames.Describe(args));
        var large = samples.Match(10_000, 20, 0);
        var small = Enumerable.Range(0, 32).Select(i => samples.Match(100, 10, i + 1)).ToArray();

        // DOTNET_ and Matching__ variables given to the benchmark (e.g. DOTNET_gcServer=0) reach the service, to compare settings.
        using var service = await ServiceProcess.StartAsync(5199, ServiceProcess.RuntimeSettings());
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ServiceProcess.Key);
        var endpoint = $"{service.Url}/v1/match";

        if (only != "throughput")
        {
            await Latency(client, endpoint, large, largeRequests);
        }

        if (only == "large")
        {
            return 0;
        }

        Console.WriteLine($"Throughput: 100 candidates, top 10 explained, {connections} connections, {seconds} s after 10 s warm-up");
        await Load(client, endpoint, small, connections, TimeSpan.FromSeconds(10));
        var (ok, errors, times) = await Load(client, endpoint, small, connections, TimeSpan.FromSeconds(seconds));
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {ok / (double)seconds:0} requests/s, {ok} ok, {errors} errors, p50 {Machine.Percentile(times, 50):0.00} ms, p99 {Machine.Percentile(times, 99):0.00} ms"));
        return errors == 0 ? 0 : 1;
    }

    /// <summary>Sequential 10,000-candidate requests after a warm-up; prints and returns their latencies, sorted.</summary>
    public static async Task<List<double>> Latency(HttpClient client, string endpoint, byte[] large, int largeRequests)
    {
        // Warm-up long enough for the JIT to finish tiering up code that runs once per request.
        const int warmUp = 40;
        Console.WriteLine($"Large: {large.Length / 1e6:0.0} MB, 10,000 candidates, top 20 explained, {largeRequests} sequential requests after {warmUp} warm-up");
        for (var i = 0; i < warmUp; i++)
        {
            await PostAsync(client, endpoint, large);
        }

        var latencies = new List<double>();
        for (var i = 0; i < largeRequests; i++)
        {
            var watch = Stopwatch.StartNew();
            var status = await PostAsync(client, endpoint, large);
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            if (status != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"Large request failed: {status}");
            }
        }

        latencies.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  p50 {Machine.Percentile(latencies, 50):0.0} ms, p90 {Machine.Percentile(latencies, 90):0.0} ms, p99 {Machine.Percentile(latencies, 99):0.0} ms, min {latencies[0]:0.0} ms, max {latencies[^1]:0.0} ms"));
        return latencies;
    }

    /// <summary>Requests over <paramref name="connections"/> connections for <paramref name="duration"/>: successes, failures and the successes' latencies.</summary>
    public static async Task<(int Ok, int Errors, List<double> Times)> Load(HttpClient client, string endpoint, byte[][] bodies, int connections, TimeSpan duration)
    {
        var stop = Stopwatch.StartNew();
        var ok = 0;
        var errors = 0;
        var times = new List<double>[connections];
        var workers = Enumerable.Range(0, connections).Select(async worker =>
        {
            times[worker] = [];
            var next = worker;
            while (stop.Elapsed < duration)
            {
                var watch = Stopwatch.StartNew();
                try
                {
                    var status = await PostAsync(client, endpoint, bodies[next++ % bodies.Length]);
                    if (status == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref ok);
                        times[worker].Add(watch.Elapsed.TotalMilliseconds);
                    }
                    else
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        });
        await Task.WhenAll(workers);
        return (ok, errors, times.SelectMany(t => t).ToList());
    }

    public static async Task<HttpStatusCode> PostAsync(HttpClient client, string endpoint, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var response = await client.PostAsync(endpoint, content);
        await response.Content.CopyToAsync(Stream.Null);
        return response.StatusCode;
    }

    public static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
