using System.Diagnostics;
using Serilog.Core;
using Serilog.Events;

namespace Matching.Api.Hosting;

/// <summary>
/// One log line per request: method, route template, status, elapsed time and request id. Never the
/// path's values, the query or the body, which may carry people's data. The request id comes from a
/// well-formed X-Request-Id header or is made here, and is echoed back. Every response says
/// <c>X-Content-Type-Options: nosniff</c>; Kestrel sends no Server header.
/// </summary>
sealed class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    public const string Header = "X-Request-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var requestId = context.Request.Headers[Header].ToString();
        if (!IsWellFormed(requestId))
        {
            requestId = Guid.NewGuid().ToString("N");
        }

        context.TraceIdentifier = requestId;
        // Set as the response starts: the exception handler clears the headers before it writes its problem.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = requestId;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return Task.CompletedTask;
        });
        var started = Stopwatch.GetTimestamp();
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = requestId });
        try
        {
            await next(context);
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
            logger.LogInformation(
                "HTTP {Method} {Route} responded {StatusCode} in {ElapsedMs:0.0} ms",
                context.Request.Method, route, context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>
    /// An opaque id only (8–64 hex digits and dashes, as a UUID): anything else, "jane.doe-emp-00007" say, could
    /// carry a person into the logs and is replaced by an id made here.
    /// </summary>
    static bool IsWellFormed(string id) =>
        id.Length is >= 8 and <= 64 && id.All(c => char.IsAsciiHexDigit(c) || c == '-');
}

/// <summary>
/// Drops the RequestPath that ASP.NET Core's hosting scope puts on every log event: a path such as
/// /v1/people/jane.doe@example.com would carry a person's data into the logs. The route template
/// logged by <see cref="RequestLogging"/> says which operation ran.
/// </summary>
sealed class WithoutRequestPath : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory) => logEvent.RemovePropertyIfPresent("RequestPath");
}
