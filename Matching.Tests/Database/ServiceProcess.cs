using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Matching.Tests.Database;

/// <summary>
/// The real service (dotnet Matching.Api.dll from the test's output folder) in its own process on a free loopback
/// port, with the test's admin key. Its log lines are kept for the test to read, never written to the test console.
/// </summary>
sealed class ServiceProcess : IDisposable
{
    readonly Process process;

    ServiceProcess(Process process, string url, HttpClient client, ConcurrentQueue<string> logs)
    {
        this.process = process;
        Url = url;
        Client = client;
        Logs = logs;
    }

    public string Url { get; }

    /// <summary>A client of this instance that sends the admin key.</summary>
    public HttpClient Client { get; }

    /// <summary>The service's log, JSON lines as it writes them.</summary>
    public ConcurrentQueue<string> Logs { get; }

    public static async Task<ServiceProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Matching.Api.dll"), "--urls", url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Matching__ApiKeys__0__Id"] = "test-admin";
        start.Environment["Matching__ApiKeys__0__Sha256"] = Matching.Api.Hosting.ApiKeys.Hash(Tests.Api.MatchingApp.AdminKey);
        start.Environment["Matching__ApiKeys__0__Scopes__0"] = "admin";
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var logs = new ConcurrentQueue<string>();
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Matching.Api.");
        process.OutputDataReceived += (_, line) => Keep(logs, line.Data);
        process.ErrorDataReceived += (_, line) => Keep(logs, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Add("X-Api-Key", Tests.Api.MatchingApp.AdminKey);
        var service = new ServiceProcess(process, url, client, logs);
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(45))
        {
            if (process.HasExited)
            {
                break;
            }

            try
            {
                using var ready = await client.GetAsync("/health/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        service.Dispose();
        throw new InvalidOperationException($"Matching.Api did not become ready; its last log lines:{Environment.NewLine}{string.Join(Environment.NewLine, logs.TakeLast(20))}");
    }

    static void Keep(ConcurrentQueue<string> logs, string? line)
    {
        if (line is not null)
        {
            logs.Enqueue(line);
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        Client.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }
}
