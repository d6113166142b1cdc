using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Matching.Benchmarks;

/// <summary>
/// Faults while the real service is busy. (1) Reloads of broken and hostile models (<see cref="HostileModels"/>)
/// while 100-candidate matches run on 4 connections: every match answered by the model serving before, every
/// reload refused with a problem, the model unchanged. (2) SIGTERM while 10,000-candidate requests run: each gets
/// its complete 200 and the process exits 0 within the shutdown timeout (--sigterm-after-ms, default 100). Exits 1 on any failure.
/// </summary>
static class FaultsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = HttpBenchmark.Option(args, "--rounds", 3);
        var inFlight = HttpBenchmark.Option(args, "--large-requests", 6);
        var delay = HttpBenchmark.Option(args, "--sigterm-after-ms", 100);
        Console.WriteLine($"Machine: {Machine.Describe()}, {Machine.Load()}");
        var samples = new SampleRequests(args);
        var small = Enumerable.Range(0, 32).Select(i => samples.Match(100, 10, i + 1)).ToArray();
        var large = samples.Match(10_000, 20, 0);

        var failures = await Reloads(small, rounds);
        failures.AddRange(await Termination(large, inFlight, TimeSpan.FromMilliseconds(delay)));
        Console.WriteLine(failures.Count == 0 ? "0 failures" : $"{failures.Count} failures:\n  {string.Join("\n  ", failures)}");
        return failures.Count == 0 ? 0 : 1;
    }

    static async Task<List<string>> Reloads(byte[][] small, int rounds)
    {
        Console.WriteLine($"Reloads under load: {rounds} rounds of {HostileModels.Refused.Length} broken or hostile models while 100-candidate matches run on 4 connections");
        var failures = new List<string>();
        using var models = new HostileModels(Path.Combine(AppContext.BaseDirectory, "models", "default"));
        using var service = await ServiceProcess.StartAsync(ServiceProcess.FreePort(), [("Matching__ModelsRoot", models.Root), ("Matching__ModelPath", models.DefaultModel), .. ServiceProcess.RuntimeSettings()]);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 8 }) { BaseAddress = new Uri(service.Url), Timeout = TimeSpan.FromMinutes(2) };
        var log = new TrafficLog();
        var initial = Version(await log.SendAsync(client, "model", HttpMethod.Get, "/v1/model", ServiceProcess.AdminKey), "version");
        var otherVersions = 0;
        var reloading = true;
        foreach (var body in small)
        {
            await log.SendAsync(client, "warm-up", HttpMethod.Post, "/v1/match", ServiceProcess.Key, body);
        }

        var matches = Task.WhenAll(Enumerable.Range(0, 4).Select(async c =>
        {
            for (var i = c; Volatile.Read(ref reloading); i += 4)
            {
                var answer = await log.SendAsync(client, "match-100", HttpMethod.Post, "/v1/match", ServiceProcess.Key, small[i % small.Length]);
                if (answer.Status == 200 && Version(answer, "modelVersion") != initial)
                {
                    Interlocked.Increment(ref otherVersions);
                }
            }
        }));

        var watch = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var path in HostileModels.Refused)
            {
                var (status, body) = await log.SendAsync(client, "reload", HttpMethod.Post, "/v1/model/reload", ServiceProcess.AdminKey, JsonSerializer.SerializeToUtf8Bytes(new { path }));
                using var problem = JsonDocument.Parse(body.Length > 0 ? body : "{}"u8.ToArray());
                var serving = problem.RootElement.TryGetProperty("serving", out var s) ? s.GetString() : null;
                if (round == 0)
                {
                    Console.WriteLine($"  {path,-20} {status} {(problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() : problem.RootElement.GetProperty("title").GetString())}");
                }

                if (status is not (400 or 422) || (status == 422 && serving != initial))
                {
                    failures.Add($"reload of '{path}': {status}, serving {serving ?? "(not said)"}");
                }
            }
        }

        Volatile.Write(ref reloading, false);
        await matches;
        var after = Version(await log.SendAsync(client, "model", HttpMethod.Get, "/v1/model", ServiceProcess.AdminKey), "version");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {rounds * HostileModels.Refused.Length} reloads in {watch.Elapsed.TotalSeconds:0.0} s, service RSS after {service.ResidentMegabytes():0} MB"));
        Console.WriteLine(log.Report(window: false));
        Console.WriteLine($"  serving before {initial}, after {after}; matches answered by another model: {otherVersions}");
        if (log.Failures("match-100") > 0 || otherVersions > 0 || after != initial)
        {
            failures.Add($"{log.Failures("match-100")} failed matches, {otherVersions} answered by another model, serving {after} after (was {initial})");
        }

        return failures;
    }

    static async Task<List<string>> Termination(byte[] large, int inFlight, TimeSpan delay)
    {
        Console.WriteLine($"SIGTERM: {inFlight} requests of 10,000 candidates sent at once, SIGTERM {delay.TotalMilliseconds:0} ms later");
        var failures = new List<string>();
        using var service = await ServiceProcess.StartAsync(ServiceProcess.FreePort(), ServiceProcess.RuntimeSettings());
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = inFlight }) { BaseAddress = new Uri(service.Url), Timeout = TimeSpan.FromMinutes(2) };
        var log = new TrafficLog();
        // Warm up on as many connections as will be in flight, so each request then goes on an open connection
        // and reaches the service at once (a connection still opening at SIGTERM is refused, rightly).
        for (var i = 0; i < 3; i++)
        {
            await Task.WhenAll(Enumerable.Range(0, inFlight).Select(_ => log.SendAsync(client, "warm-up", HttpMethod.Post, "/v1/match", ServiceProcess.Key, large)));
        }

        var watch = Stopwatch.StartNew();
        var requests = Enumerable.Range(0, inFlight).Select(async _ =>
        {
            var answer = await log.SendAsync(client, "in flight", HttpMethod.Post, "/v1/match", ServiceProcess.Key, large);
            return (answer.Status, answer.Body, Done: watch.Elapsed);
        }).ToArray();
        await Task.Delay(delay);
        var terminated = watch.Elapsed;
        service.Terminate();
        var answers = await Task.WhenAll(requests);
        var exited = service.WaitForExit(TimeSpan.FromSeconds(40));
        var exitedAt = watch.Elapsed;

        foreach (var (status, body, done) in answers)
        {
            var received = status == 200 ? Received(body) : -1;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {status}, {body.Length:N0} bytes, {received} candidates received, done {(done - terminated).TotalMilliseconds:0} ms after SIGTERM"));
            if (status != 200 || received != 10_000)
            {
                failures.Add($"a request in flight at SIGTERM got {status} with {body.Length} bytes");
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  process {(exited ? $"exited with code {service.ExitCode}" : "still running")} {(exitedAt - terminated).TotalSeconds:0.0} s after SIGTERM (shutdown timeout 30 s)"));
        if (!exited || service.ExitCode != 0)
        {
            failures.Add($"after SIGTERM the process {(exited ? $"exited with {service.ExitCode}" : "did not exit in 40 s")}");
        }

        return failures;
    }

    static string? Version((int Status, byte[] Body) answer, string field)
    {
        using var document = JsonDocument.Parse(answer.Body);
        return document.RootElement.TryGetProperty(field, out var version) ? version.GetString() : null;
    }

    static int Received(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.GetProperty("counts").GetProperty("received").GetInt32();
        }
        catch (JsonException)
        {
            return -1;
        }
    }
}
