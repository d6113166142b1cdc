using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Matching.Tests.Api;

/// <summary>The service in-process with an admin key set; every log line it writes is also kept for the tests to read.</summary>
public sealed class MatchingApp : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key";

    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Each log event as its message, its structured values and its scopes, flattened to text.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Matching:AdminApiKey", AdminKey);
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(Settings));

        builder.ConfigureTestServices(services => services.AddSingleton<ILoggerProvider>(new CapturingLoggerProvider(Logs)));
    }

    sealed class CapturingLoggerProvider(ConcurrentQueue<string> logs) : ILoggerProvider, ISupportExternalScope
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

        void Record(string line) => logs.Enqueue(line);
    }
}
