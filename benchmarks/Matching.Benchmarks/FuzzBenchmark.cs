using System.Diagnostics;
using System.Globalization;

namespace Matching.Benchmarks;

/// <summary>
/// Hostile requests against every endpoint of the real service on loopback (<see cref="HostileRequests"/>), then
/// the framing HttpClient will not send, over raw sockets (<see cref="RawHttp"/>). Never a 5xx; every 4xx a problem,
/// but for Kestrel's own refusals before the pipeline (empty body). Exits 1 on any broken rule.
/// </summary>
static class FuzzBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = HttpBenchmark.Option(args, "--requests", 10_000);
        var seed = HttpBenchmark.Option(args, "--seed", Random.Shared.Next(1_000_000));
        var from = HttpBenchmark.Option(args, "--from", 0);
        var connections = HttpBenchmark.Option(args, "--connections", 4);
        Console.WriteLine($"Machine: {Machine.Describe()}, {Machine.Load()}");
        Console.WriteLine($"Fuzz: {count:N0} hostile requests from #{from}, seed {seed} (again: fuzz --seed {seed} --from N --requests 1), {connections} connections");

        var samples = new SampleRequests(args);
        byte[][] bodies = [samples.Match(3, 5, 1), samples.Match(20, 10, 2), samples.Match(100, 10, 3)];
        using var models = new HostileModels(Path.Combine(AppContext.BaseDirectory, "models", "default"));
        var port = ServiceProcess.FreePort();
        using var service = await ServiceProcess.StartAsync(port, [("Matching__ModelsRoot", models.Root), ("Matching__ModelPath", models.DefaultModel), .. ServiceProcess.RuntimeSettings()]);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = new Uri(service.Url), Timeout = TimeSpan.FromSeconds(60) };

        var requests = new HostileRequests(seed, ServiceProcess.AdminKey, ServiceProcess.Key, bodies, models.Root);
        var watch = Stopwatch.StartNew();
        var (statuses, failures, notSent) = await HostileRules.RunAsync(client, requests, from, count, connections, done =>
        {
            if (done % 1000 == 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {done:N0} sent, {watch.Elapsed.TotalSeconds:0} s, service RSS {service.ResidentMegabytes():0} MB"));
            }
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"HTTP: {count:N0} requests in {watch.Elapsed.TotalSeconds:0.0} s; statuses {Statuses(statuses)}"));
        foreach (var reason in notSent)
        {
            Console.WriteLine($"  not sent, HttpClient refused: {reason}");
        }


        // At once: some wait for Kestrel's body timeout (240 bytes/s after 5 s).
        var raw = RawHttp.Cases(ServiceProcess.AdminKey, bodies[0]);
        var answers = await Task.WhenAll(raw.Select(r => RawHttp.SendAsync(port, r, TimeSpan.FromSeconds(30))));
        foreach (var (rawCase, answer) in raw.Zip(answers))
        {
            var failure = answer is null ? (rawCase.GivesUp ? null : "no answer") : HostileRules.Check(answer.Status, answer.ContentType, answer.Body, answer.HasRequestId);
            Console.WriteLine($"  raw, {rawCase.Name}: {(answer is null ? "no answer" : $"{answer.Status} {(answer.Body.Length == 0 ? "empty body" : answer.ContentType)}{(answer.HasRequestId ? "" : ", no X-Request-Id")}")}{(failure is null ? "" : $" ← BROKEN: {failure}")}");
            if (failure is not null)
            {
                failures.Add($"raw request '{rawCase.Name}' → {failure}");
            }
        }

        failures.AddRange(await HostileTextsAsync(client));
        var alive = await client.GetAsync("/health/ready");
        Console.WriteLine($"Service after the fuzz: /health/ready {(int)alive.StatusCode}, RSS {service.ResidentMegabytes():0} MB");
        Console.WriteLine($"{failures.Count} broken rules (of {count + raw.Length:N0} requests)");
        foreach (var failure in failures.Take(20))
        {
            Console.WriteLine(failure);
        }

        return failures.Count == 0 && alive.IsSuccessStatusCode ? 0 : 1;
    }

    /// <summary>
    /// Each of <see cref="HostileTexts"/> (100,000 characters) read by POST /v1/skills/extract alone, then the slowest four at
    /// once; reading any alone in over a second breaks the rule (docs/reliability.md).
    /// </summary>
    static async Task<List<string>> HostileTextsAsync(HttpClient client)
    {
        var failures = new List<string>();
        async Task<(int Status, double Ms)> Extract(string text)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/skills/extract")
            {
                Content = new StringContent(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = text, ["language"] = "en" }), System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Add("X-Api-Key", ServiceProcess.Key);
            var start = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.SendAsync(request);
                await response.Content.ReadAsByteArrayAsync();
                return ((int)response.StatusCode, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return (0, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        Console.WriteLine($"Hostile texts, {HostileTexts.Length:N0} characters each, POST /v1/skills/extract:");
        await Extract("Python and SQL");
        var slowest = (Text: "", Ms: 0.0);
        foreach (var (name, text) in HostileTexts.All)
        {
            var (status, ms) = await Extract(text);
            slowest = ms > slowest.Ms ? (text, ms) : slowest;
            var broken = status == 0 ? "no answer" : status != 200 ? $"{status}" : ms > 1000 ? "over 1 s" : null;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {status}, {ms:0} ms{(broken is null ? "" : $" ← BROKEN: {broken}")}"));
            if (broken is not null)
            {
                failures.Add($"hostile text '{name}' → {broken}");
            }
        }

        var atOnce = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Extract(slowest.Text)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  the slowest, four at once: {string.Join(", ", atOnce.Select(a => $"{(a.Status == 0 ? "no answer" : a.Status)} in {a.Ms:0} ms"))}"));
        return failures;
    }

    public static string Statuses(Dictionary<int, int> statuses) =>
        string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "none" : s.Key.ToString(CultureInfo.InvariantCulture))}: {s.Value:N0}"));
}
