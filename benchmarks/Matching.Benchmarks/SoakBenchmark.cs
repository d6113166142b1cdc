using System.Diagnostics;
using System.Globalization;

namespace Matching.Benchmarks;

/// <summary>
/// Mixed traffic against the real service on loopback for a fixed time, from three callers with their own keys:
/// 100-candidate matches on 4 connections, a 10,000-candidate match every second or so, and the skills endpoints
/// (resolve, extract, suggest) with the model card. Every ~30 s: requests, failures, p50/p99 per kind and the
/// service's resident memory, so "memory flat" can be judged. Exits 1 on any failed request.
/// </summary>
static class SoakBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = HttpBenchmark.Option(args, "--minutes", 10);
        var report = TimeSpan.FromSeconds(HttpBenchmark.Option(args, "--report-seconds", 30));
        Console.WriteLine($"Machine: {Machine.Describe()}, {Machine.Load()}");
        Console.WriteLine($"Soak: {minutes} min of mixed traffic; a report every {report.TotalSeconds:0} s");

        var samples = new SampleRequests(args);
        var small = Enumerable.Range(0, 32).Select(i => samples.Match(100, 10, i + 1)).ToArray();
        var large = samples.Match(10_000, 20, 0);
        using var service = await ServiceProcess.StartAsync(ServiceProcess.FreePort(), ServiceProcess.RuntimeSettings());
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 }) { BaseAddress = new Uri(service.Url), Timeout = TimeSpan.FromMinutes(2) };
        using var memory = new MemorySampler(service, TimeSpan.FromSeconds(1));
        var log = new TrafficLog();
        var started = Stopwatch.StartNew();
        var duration = TimeSpan.FromMinutes(minutes);
        var resident = new List<double>();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  service RSS at start {service.ResidentMegabytes():0} MB"));

        async Task Loop(Func<int, Task> step, TimeSpan pause)
        {
            for (var i = 0; started.Elapsed < duration; i++)
            {
                await step(i);
                await Task.Delay(pause);
            }
        }

        Task[] callers =
        [
            // A platform ranking 100-candidate shortlists as fast as it can.
            .. Enumerable.Range(0, 4).Select(c => Loop(i => log.SendAsync(client, "match-100", HttpMethod.Post, "/v1/match", ServiceProcess.Key, small[(i * 4 + c) % small.Length]), TimeSpan.Zero)),
            // Another ranking its whole workforce now and then.
            Loop(_ => log.SendAsync(client, "match-10000", HttpMethod.Post, "/v1/match", ServiceProcess.OtherKey, large), TimeSpan.FromSeconds(1)),
            // A form checking names as someone types, and an admin looking at the model.
            Loop(i => (i % 4) switch
            {
                0 => log.SendAsync(client, "resolve", HttpMethod.Post, "/v1/skills/resolve", ServiceProcess.AdminKey,
                    """{"names": ["Java", "K8s", "Pyhton", "gestion de projet", "ML", "PowerBI"], "context": ["Python"]}"""u8.ToArray()),
                1 => log.SendAsync(client, "extract", HttpMethod.Post, "/v1/skills/extract", ServiceProcess.AdminKey,
                    """{"text": "Senior developer: C#, Postgres and Kubernetes, unit tests, some Pyhton; no Java. Gestion de projet agile.", "language": "en"}"""u8.ToArray()),
                2 => log.SendAsync(client, "suggest", HttpMethod.Get, $"/v1/skills?q={"jpkdspc"[i / 4 % 7]}{"aoyeu"[i / 4 % 5]}&top=10", ServiceProcess.AdminKey),
                _ => log.SendAsync(client, "model", HttpMethod.Get, "/v1/model", ServiceProcess.AdminKey),
            }, TimeSpan.FromMilliseconds(20)),
        ];
        var traffic = Task.WhenAll(callers);

        var reported = TimeSpan.Zero;
        while (!traffic.IsCompleted)
        {
            await Task.WhenAny(traffic, Task.Delay(report));
            if (started.Elapsed - reported < TimeSpan.FromSeconds(1))
            {
                // The traffic ended as the last window was reported.
                break;
            }

            reported = started.Elapsed;
            resident.Add(memory.Latest);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {started.Elapsed.TotalMinutes:0.0} min: service RSS {memory.Latest:0} MB (peak so far {memory.Peak():0} MB)"));
            Console.WriteLine(log.Report(window: true));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Totals over {started.Elapsed.TotalMinutes:0.0} min ({Machine.Load()}):"));
        Console.WriteLine(log.Report(window: false));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  service RSS every {report.TotalSeconds:0} s (MB): {string.Join(" ", resident.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))}; peak {memory.Peak():0} MB"));
        var failures = log.Failures();
        Console.WriteLine(failures == 0 ? "0 failed requests" : $"{failures} failed requests");
        return failures == 0 ? 0 : 1;
    }
}
