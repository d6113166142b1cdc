using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Matching.Api.Hosting;
using Matching.Api.Http;
using Matching.Api.Registry;
using Matching.Core.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Matching.Api.Model;

public static class ModelApi
{
    public static RouteGroupBuilder MapModelApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/model").WithTags("Model").RequireAuthorization(ApiKeys.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/", GetCard)
            .WithName("GetModel")
            .WithSummary("The card of the model serving now")
            .WithDescription("Version, feature schema, parameters, training data summary (input files by name and SHA-256), test metrics against the baseline, feature importance. With a database, also `registry`: the `active` version promoted in the model registry, whether this instance is `servingActive`, when it last read the registry (`checkedAt`), and the last promoted version it `refused`, with the reason.")
            .WithMetadata(OpenApiExamples.Model);

        api.MapPost("/reload", Reload)
            .Accepts<ReloadRequest>("application/json")
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithName("ReloadModel")
            .WithSummary("Load another model directory and swap it in (admin)")
            .WithDescription("Needs a key with the admin scope. The new model is validated (schema, trees) and scores a canary batch before the atomic swap; requests in flight finish on the old model. On failure the old model keeps serving and the problem says why. Reloads run one at a time.")
            .WithMetadata(OpenApiExamples.Reload);

        return api;
    }

    static ServedModelCard GetCard(ServingModel serving, PromotionListener registry, IOptions<JsonOptions> json) =>
        new(serving.Current.Card.WithoutPaths(), registry.Status, json.Value.SerializerOptions);

    static async Task<Results<Ok<ReloadOutcome>, ValidationProblem, ProblemHttpResult>> Reload(
        HttpRequest http, ServingModel serving, IOptions<MatchingOptions> options, ILogger<ServingModel> logger, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // The admin scope was checked before this handler runs, so nothing is read for a caller without it.
        var (request, problem) = await ReadRequestAsync(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (directory, root, invalid, missing) = ModelDirectory(request?.Path, settings);
        if (invalid is not null)
        {
            return invalid;
        }

        if (missing is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The model was not loaded; the previous model keeps serving.",
                detail: missing, extensions: new Dictionary<string, object?> { ["serving"] = serving.TryGetCurrent(out var current) ? current.Version : null });
        }

        var outcome = await serving.ReloadAsync(directory!, cancellationToken);
        if (!outcome.Reloaded)
        {
            // The loader never names the directory; should a path slip into a reason, the server's own layout stays private.
            var reason = outcome.Error?.Replace(root, "", StringComparison.Ordinal);
            logger.LogWarning("Model reload refused; {ModelVersion} keeps serving: {Reason}", outcome.Serving, reason);
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The model was not loaded; the previous model keeps serving.",
                detail: reason, extensions: new Dictionary<string, object?> { ["serving"] = outcome.Serving });
        }

        logger.LogInformation("Model reloaded: {PreviousVersion} -> {ModelVersion}", outcome.Previous, outcome.Serving);
        return TypedResults.Ok(outcome);
    }

    /// <summary>
    /// The model directory a request names, inside the models root with every link followed: the directory and the root,
    /// or a 400 for a path that cannot be one, or (Missing) why no such directory exists, without repeating the path (a
    /// directory may be named after a person): the server's layout stays private, the setting that decides it does not.
    /// </summary>
    internal static (string? Directory, string Root, ValidationProblem? Invalid, string? Missing) ModelDirectory(string? path, MatchingOptions settings)
    {
        var root = Path.TrimEndingDirectorySeparator(RealPath(settings.Resolve(settings.ModelsRoot))) + Path.DirectorySeparatorChar;
        if (string.IsNullOrWhiteSpace(path))
        {
            return (null, root, ValidationProblems.Field("path", "The model directory to load is required."), null);
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            return (null, root, ValidationProblems.Field("path", "The path cannot contain a NUL character."), null);
        }

        string directory;
        try
        {
            directory = RealPath(Path.GetFullPath(path, root));
        }
        catch (IOException)
        {
            // A link that loops ("too many levels of symbolic links") or a part that cannot be read: not the client's fault alone.
            return (null, root, null, "The path given cannot be followed under the models root: a link along it loops or cannot be read.");
        }

        // Links are followed before the check, so "escape -> /tmp" cannot lead out of the root.
        if (!directory.StartsWith(root, StringComparison.Ordinal))
        {
            return (null, root, ValidationProblems.Field("path", $"The model directory must be inside the models root (the setting {MatchingOptions.Section}:{nameof(MatchingOptions.ModelsRoot)}); give its path relative to that root, e.g. \"candidate\" for the root's candidate folder."), null);
        }

        return Directory.Exists(directory)
            ? (directory, root, null, null)
            : (null, root, null, $"No model directory at the path given under the models root. The path is relative to the models root, which the setting {MatchingOptions.Section}:{nameof(MatchingOptions.ModelsRoot)} names (scripts/run.sh sets it to the repository's models/ folder).");
    }

    /// <summary>The body, read only once the caller is known to be an admin, with the same field-naming problems as /v1/match.</summary>
    static Task<(ReloadRequest? Request, ValidationProblem? Problem)> ReadRequestAsync(HttpRequest http, CancellationToken cancellationToken) =>
        JsonBody.ReadAsync(http, ApiJson.Default.ReloadRequest, cancellationToken);

    /// <summary>The path with every link along it followed (as realpath does); parts that do not exist stay as they are.</summary>
    static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var real = Path.GetPathRoot(full)!;
        foreach (var part in full[real.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(real, part);
            var info = new DirectoryInfo(next);
            real = info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target ? Path.GetFullPath(target.FullName) : next;
        }

        return real;
    }

}

/// <param name="Path">A model directory (model.zip or model.json, with card.json), relative to the models root (Matching:ModelsRoot) or absolute inside it.</param>
public sealed record ReloadRequest(string? Path);

/// <summary>
/// GET /v1/model's answer: the serving card as the API writes JSON, and, when the instance follows a model registry,
/// a <c>registry</c> member saying which version is active there and whether this instance serves it.
/// </summary>
sealed class ServedModelCard(ModelCard card, RegistryStatus registry, JsonSerializerOptions json) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(ModelCard), ["application/json"]));

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var body = JsonSerializer.SerializeToNode(card, json)!.AsObject();
        if (registry.Follows)
        {
            body["registry"] = new JsonObject
            {
                ["active"] = registry.Active,
                ["servingActive"] = registry.Active == card.Version,
                ["checkedAt"] = registry.CheckedAt,
                ["refused"] = registry.Refused is { } refused ? new JsonObject { ["version"] = refused.Version, ["reason"] = refused.Reason } : null,
            };
        }

        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        return httpContext.Response.WriteAsync(body.ToJsonString(json), httpContext.RequestAborted);
    }
}
