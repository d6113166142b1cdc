using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Matching.Benchmarks;

/// <summary>
/// The real service in its own process on loopback, as an HR platform would call it. Also compiled into
/// Matching.Tests, whose output folder holds Matching.Api.dll and the models as the benchmarks' does.
/// </summary>
sealed partial class ServiceProcess : IDisposable
{
    readonly Process process;

    ServiceProcess(Process process, string url)
    {
        this.process = process;
        Url = url;
    }

    public string Url { get; }

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;
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

    /// <summary>A second caller's key (match scope): per-key limits tell the two apart.</summary>
    public const string OtherKey = "benchmark-other-key";

    /// <summary>A key with the match and admin scopes (model card, reload).</summary>
    public const string AdminKey = "benchmark-admin-key";

    public static async Task<ServiceProcess> StartAsync(int port, params (string Name, string Value)[] environment)
    {
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Matching.Api.dll"), "--urls", url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        string[][] keys = [["benchmark", Key, "match"], ["benchmark-other", OtherKey, "match"], ["benchmark-admin", AdminKey, "match", "admin"]];
        for (var i = 0; i < keys.Length; i++)
        {
            start.Environment[$"Matching__ApiKeys__{i}__Id"] = keys[i][0];
            start.Environment[$"Matching__ApiKeys__{i}__Sha256"] = Matching.Api.Hosting.ApiKeys.Hash(keys[i][1]);
            for (var s = 2; s < keys[i].Length; s++)
            {
                start.Environment[$"Matching__ApiKeys__{i}__Scopes__{s - 2}"] = keys[i][s];
            }
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start Matching.Api.");
        // The service logs every request as production does; the caller reads and discards it.
        // MATCHING_SERVICE_LOG=FILE keeps the service's log lines there instead (to see what it did during a run).
        var log = Environment.GetEnvironmentVariable("MATCHING_SERVICE_LOG") is { Length: > 0 } path ? TextWriter.Synchronized(File.AppendText(path)) : null;
        process.OutputDataReceived += (_, line) => log?.WriteLine(line.Data);
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var client = new HttpClient();
        for (var attempt = 0; attempt < 600 && !process.HasExited; attempt++)
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
        throw new InvalidOperationException("Matching.Api did not become ready in 60 s.");
    }

    /// <summary>
    /// DOTNET_ and Matching__ variables given to this process (DOTNET_gcServer=0, Matching__RateLimit__ConcurrentLargeBodies=1),
    /// to pass on to the service and compare runtime settings and limits.
    /// </summary>
    public static (string Name, string Value)[] RuntimeSettings() =>
        [.. Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("DOTNET_", StringComparison.Ordinal) || k.StartsWith("Matching__", StringComparison.Ordinal))
            .Select(k => (k, Environment.GetEnvironmentVariable(k)!))];

    /// <summary>A loopback port free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The service's resident memory (VmRSS in /proc), in MB; NaN once it has exited.</summary>
    public double ResidentMegabytes()
    {
        try
        {
            var line = File.ReadLines($"/proc/{Pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? double.NaN : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    /// <summary>Asks the service to stop as an orchestrator does: SIGTERM.</summary>
    public void Terminate()
    {
        if (Kill(Pid, 15) != 0)
        {
            throw new InvalidOperationException($"kill -TERM {Pid} failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>Whether the process exited within <paramref name="timeout"/>.</summary>
    public bool WaitForExit(TimeSpan timeout) => process.WaitForExit(timeout);

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
