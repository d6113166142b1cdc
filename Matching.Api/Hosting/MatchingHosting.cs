using Matching.Api.Health;
using Matching.Core.Contracts;
using Matching.Core.Model;
using Matching.Core.Ranking;
using Matching.Core.Skills;
using Matching.Core.Validation;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Extensions.Logging;
using Serilog.Settings.Configuration;

namespace Matching.Api.Hosting;

public static class MatchingHosting
{
    /// <summary>Logging, options, catalog, model, validation, problem details and OpenAPI for the service.</summary>
    public static WebApplicationBuilder AddMatching(this WebApplicationBuilder builder)
    {
        builder.AddMatchingLogging();

        builder.Services.AddOptions<MatchingOptions>().BindConfiguration(MatchingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // The request limits are settings of the same section, read into the validator's own record.
        builder.Services.AddOptions<MatchLimits>().BindConfiguration(MatchingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(services => services.GetRequiredService<IOptions<MatchLimits>>().Value);

        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, MatchingJson.Default));
        builder.Services.AddOptions<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>().Configure<IOptions<MatchingOptions>>((kestrel, options) =>
        {
            kestrel.Limits.MaxRequestBodySize = options.Value.MaxRequestBytes;
            // Which server answers is nobody's business.
            kestrel.AddServerHeader = false;
        });

        builder.Services.AddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<MatchingOptions>>().Value;
            return SkillCatalog.Load(options.Resolve(options.CatalogPath));
        });
        builder.Services.AddSingleton<MatchRequestValidator>();
        builder.Services.AddSingleton<Ranker>();
        builder.Services.AddSingleton<MatchPipeline>();
        builder.Services.AddSingleton<ServingModel>();
        builder.Services.AddHostedService<ModelStartup>();
        builder.Services.AddHostedService<IdleMemory>();

        builder.Services.AddProblemDetails();
        builder.AddMatchingApiKeys();
        builder.AddMatchingRateLimits();
        builder.Services.AddHealthChecks().AddCheck<ReadinessCheck>("model-and-catalog", tags: ["ready"]);
        builder.AddMatchingOpenApi();
        return builder;
    }

    /// <summary>Named, not discovered: discovery reads the entry assembly's dependencies, which a test host or a trimmed app lacks.</summary>
    static readonly ConfigurationReaderOptions SinkAssemblies = new(
        typeof(Log).Assembly,
        typeof(ConsoleLoggerConfigurationExtensions).Assembly,
        typeof(LoggerConfigurationAsyncExtensions).Assembly,
        typeof(FileLoggerConfigurationExtensions).Assembly);

    /// <summary>Serilog from the "Serilog" configuration section: JSON lines on the console by default.</summary>
    static void AddMatchingLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        // ASP.NET Core's "Request starting/finished" lines and their scope carry the path and query string (a name
        // in ?q=, an e-mail address in a path), whatever a sink's own levels say; RequestLogging writes one line per
        // request instead. Off for every provider, so no configuration can turn them back on by mistake.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        // Built from the final configuration, so settings added after this call (hosts, tests) apply.
        builder.Logging.Services.AddSingleton<ILoggerProvider>(services => new SerilogLoggerProvider(
            new LoggerConfiguration().ReadFrom.Configuration(services.GetRequiredService<IConfiguration>(), SinkAssemblies)
                .Enrich.With<WithoutRequestPath>().CreateLogger(),
            dispose: true));
    }

    /// <summary>
    /// A body sent to the API must say it is JSON in UTF-8: no Content-Type, another media type or another charset
    /// ("application/json; charset=utf-16" over UTF-8 bytes) is a 415 problem before anything is read.
    /// </summary>
    static async Task RequireUtf8Json(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/v1") && (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method))
            && !(Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
                && type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                && (type.Charset.Length == 0 || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase))))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status415UnsupportedMediaType,
                    Title = "The body must be JSON in UTF-8.",
                    Detail = "Send Content-Type: application/json (with no charset, or charset=utf-8).",
                },
            });
            return;
        }

        await next(context);
    }

    /// <summary>The status for an exception that is the client's doing; null for the service's own faults.</summary>
    static int? ClientFault(Exception exception) => exception switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        Microsoft.AspNetCore.Connections.ConnectionResetException or OperationCanceledException => StatusCodes.Status400BadRequest,
        // Kestrel reports a body it cannot read (a chunk size that overflows, say) as a plain IOException; one from
        // anywhere else (a link loop under the models root, a failing disk) is the service's own fault.
        IOException { Source: "Microsoft.AspNetCore.Server.Kestrel.Core" } when exception.GetType() == typeof(IOException) => StatusCodes.Status400BadRequest,
        _ => null,
    };

    /// <summary>The middleware pipeline: request ids and logs outermost, then problem details for every failure.</summary>
    public static WebApplication UseMatching(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            IdleMemory.Touch();
            return next(context);
        });
        app.UseMiddleware<RequestLogging>();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => ClientFault(exception) is { } status ? status : StatusCodes.Status500InternalServerError,
            // A client's fault (a 413, a broken upload, malformed framing, a slow body) is not the service's error:
            // RequestLogging logs it as one Information line with its status, never as an Error with a stack trace.
            SuppressDiagnosticsCallback = context => ClientFault(context.Exception) is not null,
        });
        app.UseStatusCodePages();
        app.UseMatchingOpenApi();
        app.UseAuthentication();
        app.UseMatchingRateLimits();
        app.UseAuthorization();
        app.Use(RequireUtf8Json);
        return app;
    }
}
