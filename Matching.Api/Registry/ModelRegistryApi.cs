using System.Diagnostics;
using Matching.Api.Hosting;
using Matching.Api.Http;
using Matching.Api.Model;
using Matching.Core.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Matching.Api.Registry;

/// <summary>
/// The model registry (with a database): register a model directory under the models root once its canary passes,
/// list what is registered and promoted, and promote a version, which every instance then loads and serves.
/// </summary>
public static class ModelRegistryApi
{
    public static RouteGroupBuilder MapModelRegistryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/model").WithTags("Model").RequireAuthorization(ApiKeys.Admin)
            .AddEndpointFilter<DatabaseUnavailable>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        api.MapGet("/versions", List)
            .WithName("ListModelVersions")
            .WithSummary("The registered model versions and the latest promotions (scope: admin)")
            .WithDescription("Every registered version (newest first) with when and by which key it was registered; the latest 50 promotions, newest first, each with the version it replaced; `active` is the latest promotion's version.");
        api.MapGet("/versions/{version}", Get)
            .WithName("GetModelVersion")
            .WithSummary("One registered model version (scope: admin)")
            .WithDescription("When and by which key it was registered; 404 for a version not registered.");
        api.MapPost("/versions", Register)
            .Accepts<RegisterModelRequest>("application/json")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("RegisterModelVersion")
            .WithSummary("Register a model directory in the model registry (scope: admin)")
            .WithDescription("`path` names a model directory under the models root (as for reload). Its files (card.json, model.zip or model.json, model.onnx when present) are loaded with the same checks and canary as a reload, and only then stored under the version they hash to: 201 when new, 200 when that version was registered before. A model that fails is a 422 problem saying why, and nothing is stored. Registering does not change what serves: promote does.");
        api.MapPost("/promote", Promote)
            .Accepts<PromoteRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("PromoteModelVersion")
            .WithSummary("Make a registered version the one every instance serves (scope: admin)")
            .WithDescription("Records the promotion (append-only history; the latest names the active version) and notifies every instance in the same transaction. Each instance then loads the version with the canary and swaps it in, usually within a second; one that refuses it keeps its model, says why in GET /v1/model's `registry.refused`, and logs a warning. 404 for a version not registered.");
        return api;
    }

    static async Task<Ok<RegistryListing>> List(ModelRegistry registry, CancellationToken cancellationToken) =>
        TypedResults.Ok(await registry.ListAsync(cancellationToken));

    static async Task<Results<Ok<RegisteredVersion>, ProblemHttpResult>> Get(string version, ModelRegistry registry, CancellationToken cancellationToken) =>
        (await registry.ListAsync(cancellationToken)).Versions.FirstOrDefault(v => v.Version == version) is { } found
            ? TypedResults.Ok(found)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No model version with this name is registered.");

    static async Task<Results<Created<RegisteredVersion>, Ok<RegisteredVersion>, ValidationProblem, ProblemHttpResult>> Register(
        HttpRequest http, ModelRegistry registry, IOptions<MatchingOptions> options, ILogger<ModelRegistry> logger, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync(http, ApiJson.Default.RegisterModelRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (directory, root, invalid, missing) = ModelApi.ModelDirectory(request?.Path, options.Value);
        if (invalid is not null)
        {
            return invalid;
        }

        if (missing is not null)
        {
            return NotRegistered(missing);
        }

        var key = KeyId(http);
        var watch = Stopwatch.StartNew();
        RegisteredVersion registered;
        try
        {
            registered = await registry.RegisterAsync(directory!, key, cancellationToken);
        }
        catch (ModelLoadException e)
        {
            // The loader never names the directory; should a path slip into a reason, the server's own layout stays private.
            var reason = e.Message.Replace(root, "", StringComparison.Ordinal);
            logger.LogWarning("Model registration refused (key {KeyId}): {Reason}", key, reason);
            return NotRegistered(reason);
        }

        if (!registered.Created)
        {
            logger.LogInformation("Model {ModelVersion} was already registered; nothing changed (key {KeyId}, {ElapsedMs:0} ms)", registered.Version, key, watch.Elapsed.TotalMilliseconds);
            return TypedResults.Ok(registered);
        }

        logger.LogInformation("Model {ModelVersion} registered by {KeyId} in {ElapsedMs:0} ms", registered.Version, key, watch.Elapsed.TotalMilliseconds);
        return TypedResults.Created($"/v1/model/versions/{Uri.EscapeDataString(registered.Version)}", registered);
    }

    static async Task<Results<Ok<Promotion>, ValidationProblem, ProblemHttpResult>> Promote(
        HttpRequest http, ModelRegistry registry, ILogger<ModelRegistry> logger, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync(http, ApiJson.Default.PromoteRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(request?.Version))
        {
            return ValidationProblems.Field("version", "The registered version to promote is required, e.g. \"mlnet-8d08a878ea01\" (GET /v1/model/versions lists them).", ValidationProblems.Body);
        }

        if (request.Version.Contains('\0', StringComparison.Ordinal))
        {
            return ValidationProblems.Field("version", "Text cannot contain the NUL character (\\u0000).", ValidationProblems.Body);
        }

        var key = KeyId(http);
        var promotion = await registry.PromoteAsync(request.Version, key, cancellationToken);
        if (promotion is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No model version with this name is registered.",
                detail: "Register the model directory first (POST /v1/model/versions or the register-model command); GET /v1/model/versions lists what is registered.");
        }

        logger.LogInformation("Model {ModelVersion} promoted by {KeyId} (was {PreviousVersion})", promotion.Version, key, promotion.Previous);
        return TypedResults.Ok(promotion);
    }

    static string KeyId(HttpRequest http) => ApiKeys.KeyId(http.HttpContext.User) ?? "unknown";

    static ProblemHttpResult NotRegistered(string reason) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The model was not registered.", detail: reason);
}

/// <param name="Path">A model directory (card.json with model.zip or model.json; model.onnx is kept when present), relative to the models root (Matching:ModelsRoot) or absolute inside it.</param>
public sealed record RegisterModelRequest(string? Path);

/// <param name="Version">A registered version, e.g. "mlnet-8d08a878ea01".</param>
public sealed record PromoteRequest(string? Version);
