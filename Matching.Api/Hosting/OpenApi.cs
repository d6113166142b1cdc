using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Matching.Api.Hosting;

public static class OpenApi
{
    public static void AddMatchingOpenApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(swagger =>
        {
            swagger.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "Matching",
                Version = "v1",
                Description = "Ranked, explained shortlists of internal candidates for a mission, scored by a learned ML.NET (LightGbm) model. Every operation but health needs an API key (X-Api-Key) with its scope.",
            });
            var xml = Path.Combine(AppContext.BaseDirectory, $"{typeof(Program).Assembly.GetName().Name}.xml");
            var coreXml = Path.Combine(AppContext.BaseDirectory, "Matching.Core.xml");
            foreach (var file in new[] { xml, coreXml }.Where(File.Exists))
            {
                swagger.IncludeXmlComments(file);
            }

            swagger.AddSecurityDefinition(ApiKeys.Scheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeys.Header,
                Description = "An API key with the scope the operation needs: match (matching, skills), data (pool, outcomes), admin (model details, reload).",
            });
            swagger.AddSecurityRequirement(document => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeys.Scheme, document)] = [] });
            swagger.OperationFilter<ExamplesFilter>();
            swagger.DocumentFilter<HealthPaths>();
        });
    }

    public static void UseMatchingOpenApi(this WebApplication app)
    {
        app.UseSwagger();
        if (app.Services.GetRequiredService<IOptions<MatchingOptions>>().Value.SwaggerUi ?? app.Environment.IsDevelopment())
        {
            app.UseSwaggerUI(ui => ui.SwaggerEndpoint("/swagger/v1/swagger.json", "Matching v1"));
        }
    }

    /// <summary>Puts each operation's <see cref="OpenApiExamples"/> on its request body and responses.</summary>
    sealed class ExamplesFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var examples = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<OpenApiExamples>().FirstOrDefault();
            if (examples is null)
            {
                return;
            }

            if (examples.Request is not null && operation.RequestBody?.Content is { } requestContent)
            {
                foreach (var media in requestContent.Values)
                {
                    media.Example = JsonNode.Parse(examples.Request);
                }
            }

            foreach (var (status, json) in examples.Responses)
            {
                if (operation.Responses?.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) == true
                    && response.Content is { } content)
                {
                    foreach (var media in content.Values)
                    {
                        media.Example = JsonNode.Parse(json);
                    }
                }
            }
        }
    }
}

/// <summary>
/// The health endpoints in the document: they are health-check middleware, not API endpoints, so the
/// API explorer does not see them. Plain text "Healthy" (200) or "Unhealthy" (503).
/// </summary>
sealed class HealthPaths : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        document.Paths["/health/live"] = Path(document, "Liveness", "The process answers. For a container's liveness probe.", canFail: false);
        document.Paths["/health/ready"] = Path(document, "Readiness",
            "Healthy once the skills catalog and a model are loaded; until then 503 Unhealthy. For a load balancer or a readiness probe.", canFail: true);
    }

    static OpenApiPathItem Path(OpenApiDocument document, string name, string description, bool canFail) => new()
    {
        Operations = new Dictionary<HttpMethod, OpenApiOperation>
        {
            [HttpMethod.Get] = new()
            {
                OperationId = name,
                Summary = name,
                Description = description,
                Tags = new HashSet<OpenApiTagReference> { new("Health", document) },
                Responses = canFail
                    ? new OpenApiResponses { ["200"] = Text("Healthy", "Healthy"), ["503"] = Text("Unhealthy", "Unhealthy") }
                    : new OpenApiResponses { ["200"] = Text("Healthy", "Healthy") },
            },
        },
    };

    static OpenApiResponse Text(string description, string example) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["text/plain"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String }, Example = JsonValue.Create(example) },
        },
    };
}

/// <summary>Realistic example bodies for an operation, kept as JSON files under Examples/ and checked by tests.</summary>
public sealed record OpenApiExamples(string? Request, IReadOnlyDictionary<int, string> Responses)
{
    public static OpenApiExamples Match { get; } = new(
        Read("match-request.json"),
        new Dictionary<int, string> { [200] = Read("match-response.json"), [400] = Read("match-problem.json") });

    public static OpenApiExamples Model { get; } = new(null, new Dictionary<int, string> { [200] = Read("model-card.json") });

    public static OpenApiExamples Reload { get; } = new(
        Read("reload-request.json"),
        new Dictionary<int, string> { [200] = Read("reload-response.json"), [422] = Read("reload-problem.json") });

    public static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Matching.Api.Examples.{name}")
            ?? throw new InvalidOperationException($"Example {name} is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
