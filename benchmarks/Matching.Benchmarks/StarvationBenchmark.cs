using System.Globalization;

namespace Matching.Benchmarks;

/// <summary>
/// One caller holding 16 connections of 10,000-candidate requests while another caller (another key) sends
/// 100-candidate requests on 2 connections: the light caller's p50/p99 alone and under the heavy load (target: p99
/// ≤ 50 ms under it), the heavy caller's 429s, the service's peak resident memory, and its memory 30 s after the
/// load ends. <c>--gc</c> runs it, with the <c>http</c> mode's two speed targets, once per runtime GC setting
/// (environment variables given to the service) and prints one table.
/// </summary>
static class StarvationBenchmark
{
    sealed record Outcome(double LightAloneP50, double LightAloneP99, double LightLoadedP50, double LightLoadedP99, int LightFailures,
        int HeavyOk, int Heavy429, int HeavyOther, double HeavyP50, double StartRss, double PeakRss, double AfterRss);

    /// <summary>The settings compared by --gc; the first is the project's own (Server GC, concurrent, as Matching.Api.csproj sets).</summary>
    static readonly (string Name, (string, string)[] Environment)[] GcSettings =
    [
        ("as shipped (Server GC)", []),
        ("DOTNET_gcServer=0", [("DOTNET_gcServer", "0")]),
        ("DOTNET_GCConserveMemory=5", [("DOTNET_GCConserveMemory", "5")]),
        ("DOTNET_GCConserveMemory=9", [("DOTNET_GCConserveMemory", "9")]),
        ("DOTNET_GCHeapHardLimit=0x40000000 (1 GB)", [("DOTNET_GCHeapHardLimit", "0x40000000")]),
        ("DOTNET_GCHeapHardLimit=0x60000000 (1.5 GB)", [("DOTNET_GCHeapHardLimit", "0x60000000")]),
        ("DOTNET_gcServer=0 + GCConserveMemory=5", [("DOTNET_gcServer", "0"), ("DOTNET_GCConserveMemory", "5")]),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = HttpBenchmark.Option(args, "--seconds", 30);
        var settle = HttpBenchmark.Option(args, "--settle-seconds", 30);
        Console.WriteLine($"Machine: {Machine.Describe()}, {Machine.Load()}");
        var samples = new SampleRequests(args);
        var small = Enumerable.Range(0, 32).Select(i => samples.Match(100, 10, i + 1)).ToArray();
        var large = samples.Match(10_000, 20, 0);

        if (!args.Contains("--gc"))
        {
            Console.WriteLine($"Starvation: light caller alone {seconds} s, then under 16 connections of 10,000-candidate requests for {seconds} s, then {settle} s idle");
            var outcome = await Scenario(ServiceProcess.RuntimeSettings(), small, large, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(settle));
            Print(outcome);
            return outcome.LightFailures == 0 && outcome.HeavyOther == 0 ? 0 : 1;
        }

        var rows = new List<string>();
        // --gc-from N: start at the N-th setting (0-based), to finish a table another run began.
        foreach (var (name, environment) in GcSettings.Skip(HttpBenchmark.Option(args, "--gc-from", 0)))
        {
            Console.WriteLine($"== {name}");
            try
            {
                rows.Add(await Compare(name, environment, small, large, seconds, settle));
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException)
            {
                // A setting under which the service falls over (a heap limit too small) is a result too.
                Console.WriteLine($"  the service failed: {e.Message}");
                rows.Add($"| {name} | the service failed: {e.Message} |||||||| ");
            }
        }

        Console.WriteLine();
        Console.WriteLine("| setting | 10,000 cand. p50 ms | 100 cand. req/s | light p99 alone ms | light p50 / p99 under heavy ms | heavy 200 / 429 | RSS idle MB | peak RSS MB | RSS 30 s after MB |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
        return 0;
    }

    static async Task<string> Compare(string name, (string, string)[] environment, byte[][] small, byte[] large, int seconds, int settle)
    {
        (string, string)[] settings = [.. environment, .. ServiceProcess.RuntimeSettings()];
        double largeP50, throughput;
        using (var service = await ServiceProcess.StartAsync(ServiceProcess.FreePort(), settings))
        using (var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 8 }) { Timeout = TimeSpan.FromMinutes(2) })
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", ServiceProcess.Key);
            largeP50 = Machine.Percentile(await HttpBenchmark.Latency(client, $"{service.Url}/v1/match", large, 20), 50);
            await HttpBenchmark.Load(client, $"{service.Url}/v1/match", small, 8, TimeSpan.FromSeconds(5));
            var (ok, errors, _) = await HttpBenchmark.Load(client, $"{service.Url}/v1/match", small, 8, TimeSpan.FromSeconds(15));
            throughput = ok / 15.0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  100 candidates: {throughput:0} requests/s, {errors} errors; RSS {service.ResidentMegabytes():0} MB"));
        }

        var outcome = await Scenario(settings, small, large, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(settle));
        Print(outcome);
        Console.WriteLine($"  {Machine.Load()}");
        return string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {largeP50:0} | {throughput:0} | {outcome.LightAloneP99:0.0} | {outcome.LightLoadedP50:0.0} / {outcome.LightLoadedP99:0.0} | {outcome.HeavyOk} / {outcome.Heavy429} | {outcome.StartRss:0} | {outcome.PeakRss:0} | {outcome.AfterRss:0} |");
    }

    static void Print(Outcome o) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
          light caller alone:         p50 {o.LightAloneP50:0.0} ms, p99 {o.LightAloneP99:0.0} ms
          light caller under heavy:   p50 {o.LightLoadedP50:0.0} ms, p99 {o.LightLoadedP99:0.0} ms (target ≤ 50 ms), {o.LightFailures} failed
          heavy caller:               {o.HeavyOk} answered (p50 {o.HeavyP50:0} ms), {o.Heavy429} refused with 429, {o.HeavyOther} other failures
          service RSS:                {o.StartRss:0} MB before, peak {o.PeakRss:0} MB during, {o.AfterRss:0} MB once idle again (--settle-seconds)
        """));

    static async Task<Outcome> Scenario((string, string)[] settings, byte[][] small, byte[] large, TimeSpan duration, TimeSpan settle)
    {
        using var service = await ServiceProcess.StartAsync(ServiceProcess.FreePort(), settings);
        using var light = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2 }) { BaseAddress = new Uri(service.Url), Timeout = TimeSpan.FromMinutes(2) };
        using var heavy = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 }) { BaseAddress = new Uri(service.Url), Timeout = TimeSpan.FromMinutes(2) };
        using var memory = new MemorySampler(service, TimeSpan.FromMilliseconds(100));
        var log = new TrafficLog();

        async Task Light(string kind, TimeSpan length)
        {
            var end = DateTime.UtcNow + length;
            await Task.WhenAll(Enumerable.Range(0, 2).Select(async c =>
            {
                for (var i = c; DateTime.UtcNow < end; i += 2)
                {
                    await log.SendAsync(light, kind, HttpMethod.Post, "/v1/match", ServiceProcess.OtherKey, small[i % small.Length]);
                }
            }));
        }

        // Warm both paths up, then the light caller alone.
        await Light("warm-up", TimeSpan.FromSeconds(5));
        await log.SendAsync(heavy, "warm-up", HttpMethod.Post, "/v1/match", ServiceProcess.Key, large);
        await Light("alone", duration);
        var startRss = service.ResidentMegabytes();
        var loadStarted = memory.Now;

        var stop = DateTime.UtcNow + duration;
        var heavyLoad = Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            while (DateTime.UtcNow < stop)
            {
                var (status, _) = await log.SendAsync(heavy, "heavy", HttpMethod.Post, "/v1/match", ServiceProcess.Key, large);
                if (status == 429)
                {
                    // As a polite client does: the service said Retry-After: 1.
                    await Task.Delay(1000);
                }
            }
        }));
        await Task.WhenAll(Light("loaded", duration), heavyLoad);
        var peak = memory.Peak(loadStarted);
        await Task.Delay(settle);

        var alone = log.Latencies("alone");
        var loaded = log.Latencies("loaded");
        return new Outcome(Machine.Percentile(alone, 50), Machine.Percentile(alone, 99), Machine.Percentile(loaded, 50), Machine.Percentile(loaded, 99),
            log.Failures("alone") + log.Failures("loaded"), log.Latencies("heavy").Count, log.Count(429, "heavy"), log.Failures("heavy") - log.Count(429, "heavy"),
            Machine.Percentile(log.Latencies("heavy"), 50), startRss, peak, service.ResidentMegabytes());
    }
}
