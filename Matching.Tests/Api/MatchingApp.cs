using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Matching.Tests.Api;

/// <summary>
/// The service in-process with two API keys (one with every scope, one with match only); clients it makes send
/// the first unless told otherwise. Every log line it writes is also kept for the tests to read.
/// </summary>
public sealed class MatchingApp : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key";
    public const string MatchKey = "test-match-key";

    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Each log event as its message, its structured values and its scopes, flattened to text.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    readonly List<(Func<string, bool> Match, int Count, TaskCompletionSource Written)> logWaiters = [];

    /// <summary>
    /// Returns once <paramref name="count"/> log lines that <paramref name="match"/> accepts are written (some may be
    /// already); fails after 10 s. A request's own line is written after its response is sent.
    /// </summary>
    public async Task WaitForLogsAsync(Func<string, bool> match, int count = 1)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (logWaiters)
        {
            logWaiters.Add((match, count, written));
        }

        LogWritten();
        await written.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    void LogWritten()
    {
        lock (logWaiters)
        {
            foreach (var waiter in logWaiters.Where(w => Logs.Count(w.Match) >= w.Count).ToList())
            {
                waiter.Written.TrySetResult();
                logWaiters.Remove(waiter);
            }
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // The service's console log (JSON lines) stays out of the test console; tests read the captured log instead.
        builder.UseSetting("Serilog:WriteTo:0:Args:configure:0:Args:restrictedToMinimumLevel", "Fatal");
        builder.UseSetting("Matching:ApiKeys:0:Id", "test-admin");
        builder.UseSetting("Matching:ApiKeys:0:Sha256", Matching.Api.Hosting.ApiKeys.Hash(AdminKey));
        builder.UseSetting("Matching:ApiKeys:0:Scopes:0", "match");
        builder.UseSetting("Matching:ApiKeys:0:Scopes:1", "data");
        builder.UseSetting("Matching:ApiKeys:0:Scopes:2", "admin");
        builder.UseSetting("Matching:ApiKeys:1:Id", "test-match");
        builder.UseSetting("Matching:ApiKeys:1:Sha256", Matching.Api.Hosting.ApiKeys.Hash(MatchKey));
        builder.UseSetting("Matching:ApiKeys:1:Scopes:0", "match");
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(Settings));

        builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(new CapturingLoggerProvider(Logs, LogWritten)));
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
    }

    /// <summary>A client that sends no API key.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        return client;
    }

    sealed class CapturingLoggerProvider(ConcurrentQueue<string> logs, Action written) : ILoggerProvider, ISupportExternalScope
    {
        IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

        public void Dispose()
        {
        }

        sealed class CapturingLogger(CapturingLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => provider.scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var text = new List<string> { $"[{logLevel}]", formatter(state, exception), exception?.ToString() ?? "" };
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    text.AddRange(values.Select(v => $"{v.Key}={v.Value}"));
                }

                provider.scopes.ForEachScope((scope, lines) => lines.Add(scope is IEnumerable<KeyValuePair<string, object>> pairs
                    ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}"))
                    : scope?.ToString() ?? ""), text);
                provider.Record(string.Join(" | ", text));
            }
        }

        void Record(string line)
        {
            logs.Enqueue(line);
            written();
        }
    }
}
