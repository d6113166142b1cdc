using System.Diagnostics;

namespace Matching.Benchmarks;

/// <summary>The real service in its own process on loopback, as an HR platform would call it.</summary>
sealed class ServiceProcess : IDisposable
{
    readonly Process process;

    ServiceProcess(Process process, string url)
    {
        this.process = process;
        Url = url;
    }

    public string Url { get; }

    /// <summary>CPU time the service has used so far, all threads.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>The key the benchmark's service accepts (match scope), sent by its clients in X-Api-Key.</summary>
    public const string Key = "benchmark-key";

    public static async Task<ServiceProcess> StartAsync(int port, params (string Name, string Value)[] environment)
    {
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Matching.Api.dll"), "--urls", url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["Matching__ApiKeys__0__Id"] = "benchmark";
        start.Environment["Matching__ApiKeys__0__Sha256"] = Matching.Api.Hosting.ApiKeys.Hash(Key);
        start.Environment["Matching__ApiKeys__0__Scopes__0"] = "match";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Matching.Api.");
        // The service logs every request as production does; the benchmark reads and discards it.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new HttpClient();
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                if ((await client.GetAsync($"{url}/health/ready")).IsSuccessStatusCode)
                {
                    return new ServiceProcess(process, url);
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        process.Kill(true);
        throw new InvalidOperationException("Matching.Api did not become ready in 30 s.");
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(true);
            process.WaitForExit();
        }

        process.Dispose();
    }
}
