using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Matching.Core.Contracts;
using Matching.Training.Generation;
using Matching.Core.Skills;
using Npgsql;

namespace Matching.Benchmarks;

/// <summary>
/// What the decision log costs matching: two service processes side by side, one without a database (recording off),
/// one recording every ranking into the database of MATCHING_TEST_DATABASE (or --connection-string). POST /v1/match
/// with 100 candidates, top 10 explained, sent at a fixed rate (default 800 requests/s, open loop: latency counts from
/// when a request was due), alternating off and on for several rounds in one run, then each at full speed (8
/// connections). Prints latency and the service's CPU per request for each phase, and the overhead. Target: ≤ 5%.
/// </summary>
static class DecisionLogBenchmark
{
    sealed record Phase(string Name, int Ok, int Errors, double Seconds, List<double> Latencies, double CpuMsPerRequest, double DatabaseCpuMsPerRequest)
    {
        public double Rate => Ok / Seconds;

        public double P50 => Machine.Percentile(Latencies, 50);

        public double P99 => Machine.Percentile(Latencies, 99);

        public double Mean => Latencies.Count == 0 ? double.NaN : Latencies.Average();

        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"  {Name,-4} {Rate,6:0} requests/s, {Ok} ok, {Errors} errors, p50 {P50,6:0.00} ms, mean {Mean,6:0.00} ms, p99 {P99,7:0.00} ms, CPU per request: service {CpuMsPerRequest:0.000} ms, PostgreSQL {DatabaseCpuMsPerRequest:0.000} ms");
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var rate = HttpBenchmark.Option(args, "--rate", 800);
        var seconds = HttpBenchmark.Option(args, "--seconds", 15);
        var rounds = HttpBenchmark.Option(args, "--rounds", 3);
        if (BenchmarkDatabase.ConnectionString(args) is not { } connectionString)
        {
            return 2;
        }

        Console.WriteLine($"Machine: {Machine.Describe()}");
        var catalog = SkillCatalog.Load(Path.Combine(AppContext.BaseDirectory, "models", "catalog", "skills.json.gz"));
        var world = new StaffingWorld(catalog, seed: 11, population: 10_000);
        var bodies = Enumerable.Range(0, 32)
            .Select(i => JsonSerializer.SerializeToUtf8Bytes(world.SampleRequest(100, 10, i + 1), MatchingJson.Default.MatchRequest))
            .ToArray();

        await using var dataSource = await BenchmarkDatabase.OpenAsync(connectionString);
        using var off = await ServiceProcess.StartAsync(5287);
        using var on = await ServiceProcess.StartAsync(5288, ("ConnectionStrings__Matching", connectionString));
        var recordedBefore = await Recorded(dataSource);
        var services = new[] { ("off", off), ("on", on) };
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromMinutes(1) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ServiceProcess.Key);

        foreach (var (name, service) in services)
        {
            await Paced(client, service, name, bodies, rate, TimeSpan.FromSeconds(10));
        }

        Console.WriteLine($"Fixed rate: {rate} requests/s, 100 candidates, top 10 explained, {seconds} s per phase, off and on alternating, {rounds} rounds after 10 s warm-up each");
        var paced = new List<Phase>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, service) in round % 2 == 0 ? services : services.Reverse())
            {
                var phase = await Paced(client, service, name, bodies, rate, TimeSpan.FromSeconds(seconds));
                paced.Add(phase);
                Console.WriteLine(phase);
            }
        }

        Console.WriteLine($"Full speed: 8 connections, {seconds} s per phase, off and on alternating, {rounds} rounds");
        var full = new List<Phase>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, service) in round % 2 == 0 ? services : services.Reverse())
            {
                var phase = await Closed(service, name, bodies, 8, TimeSpan.FromSeconds(seconds));
                full.Add(phase);
                Console.WriteLine(phase);
            }
        }

        Console.WriteLine("Overhead of recording (on vs off, means over the rounds):");
        Compare("at the fixed rate, p50 latency", paced, p => p.P50, higherIsWorse: true);
        Compare("at the fixed rate, mean latency", paced, p => p.Mean, higherIsWorse: true);
        Compare("at the fixed rate, service CPU per request", paced, p => p.CpuMsPerRequest, higherIsWorse: true);
        Compare("at the fixed rate, service + PostgreSQL CPU per request", paced, p => p.CpuMsPerRequest + p.DatabaseCpuMsPerRequest, higherIsWorse: true);
        Compare("at full speed, service + PostgreSQL CPU per request", full, p => p.CpuMsPerRequest + p.DatabaseCpuMsPerRequest, higherIsWorse: true);
        Compare("at full speed, requests/s", full, p => p.Rate, higherIsWorse: false);

        await Task.Delay(TimeSpan.FromSeconds(2));
        var answered = paced.Concat(full).Where(p => p.Name == "on").Sum(p => p.Ok);
        var recorded = await Recorded(dataSource) - recordedBefore;
        await using (var rows = dataSource.CreateCommand("select coalesce(avg(cardinality(candidate_ids)), 0)::float8 from decisions"))
        {
            var perRanking = (double)(await rows.ExecuteScalarAsync())!;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Recorded {recorded:N0} rankings for {answered:N0} measured answers with recording on (the warm-up's included in the first), {perRanking:0.0} candidates per ranking."));
        }
        return paced.Concat(full).Sum(p => p.Errors) == 0 ? 0 : 1;
    }

    /// <summary>
    /// CPU used so far by the test cluster (MATCHING_TEST_POSTGRES): its postmaster with the children it has reaped, and
    /// its live children (backends, writers); zero when the cluster is elsewhere.
    /// </summary>
    static TimeSpan DatabaseCpu()
    {
        var directory = Environment.GetEnvironmentVariable("MATCHING_TEST_POSTGRES");
        var pidFile = directory is null ? null : Path.Combine(directory, "data", "postmaster.pid");
        if (pidFile is null || !File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture, out var postmaster))
        {
            return TimeSpan.Zero;
        }

        long ticks = 0;
        foreach (var stat in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out _)).Select(d => Path.Combine(d, "stat")))
        {
            string text;
            try
            {
                text = File.ReadAllText(stat);
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            // Fields after the command name in parentheses: state ppid ... utime(14) stime(15) cutime(16) cstime(17).
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            var pid = int.Parse(Path.GetFileName(Path.GetDirectoryName(stat))!, CultureInfo.InvariantCulture);
            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            if (pid == postmaster)
            {
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)
                    + long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
            }
            else if (parent == postmaster)
            {
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
        }

        // Linux reports these in clock ticks of 1/100 s.
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    static async Task<long> Recorded(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("select count(*) from decisions");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    static void Compare(string what, List<Phase> phases, Func<Phase, double> measure, bool higherIsWorse)
    {
        var off = phases.Where(p => p.Name == "off").Average(measure);
        var on = phases.Where(p => p.Name == "on").Average(measure);
        var worse = higherIsWorse ? (on - off) / off : (off - on) / off;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {what}: off {off:0.000}, on {on:0.000}: {worse * 100:+0.0;-0.0}% {(worse <= 0.05 ? "(within 5%)" : "(over 5%)")}"));
    }

    /// <summary>Requests sent when due at <paramref name="rate"/> per second, whatever the answers' pace (open loop).</summary>
    static async Task<Phase> Paced(HttpClient client, ServiceProcess service, string name, byte[][] bodies, int rate, TimeSpan duration)
    {
        var endpoint = $"{service.Url}/v1/match";
        var total = (int)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var statuses = new HttpStatusCode[total];
        var sends = new List<Task>(total);
        var cpu = service.ProcessorTime;
        var database = DatabaseCpu();
        var start = Stopwatch.GetTimestamp();
        var next = 0;
        while (next < total)
        {
            var due = (int)Math.Min(total, Stopwatch.GetElapsedTime(start).TotalSeconds * rate + 1);
            for (; next < due; next++)
            {
                var index = next;
                var dueAt = start + (long)(index * (double)Stopwatch.Frequency / rate);
                sends.Add(Task.Run(async () =>
                {
                    statuses[index] = await Post(client, endpoint, bodies[index % bodies.Length]);
                    latencies[index] = Stopwatch.GetElapsedTime(dueAt).TotalMilliseconds;
                }));
            }

            await Task.Delay(1);
        }

        await Task.WhenAll(sends);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var ok = statuses.Count(s => s == HttpStatusCode.OK);
        var times = latencies.Where((_, i) => statuses[i] == HttpStatusCode.OK).Order().ToList();
        return new Phase(name, ok, total - ok, elapsed, times, (service.ProcessorTime - cpu).TotalMilliseconds / Math.Max(1, ok), (DatabaseCpu() - database).TotalMilliseconds / Math.Max(1, ok));
    }

    /// <summary>As many requests as <paramref name="connections"/> connections carry, each sent when the last answered.</summary>
    static async Task<Phase> Closed(ServiceProcess service, string name, byte[][] bodies, int connections, TimeSpan duration)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { Timeout = TimeSpan.FromMinutes(1) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ServiceProcess.Key);
        var endpoint = $"{service.Url}/v1/match";
        var cpu = service.ProcessorTime;
        var database = DatabaseCpu();
        var stop = Stopwatch.StartNew();
        var ok = 0;
        var errors = 0;
        var times = new List<double>[connections];
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async worker =>
        {
            times[worker] = [];
            var next = worker;
            while (stop.Elapsed < duration)
            {
                var watch = Stopwatch.StartNew();
                if (await Post(client, endpoint, bodies[next++ % bodies.Length]) == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref ok);
                    times[worker].Add(watch.Elapsed.TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        return new Phase(name, ok, errors, stop.Elapsed.TotalSeconds, [.. times.SelectMany(t => t).Order()], (service.ProcessorTime - cpu).TotalMilliseconds / Math.Max(1, ok),
            (DatabaseCpu() - database).TotalMilliseconds / Math.Max(1, ok));
    }

    static async Task<HttpStatusCode> Post(HttpClient client, string endpoint, byte[] body)
    {
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await client.PostAsync(endpoint, content);
            await response.Content.CopyToAsync(Stream.Null);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }
}
