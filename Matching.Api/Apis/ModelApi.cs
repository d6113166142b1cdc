using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Matching.Api.Hosting;
using Matching.Core.Model;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Matching.Api.Apis;

public static class ModelApi
{
    public static RouteGroupBuilder MapModelApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/model").WithTags("Model").RequireAuthorization(ApiKeys.Admin)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/", GetCard)
            .WithName("GetModel")
            .WithSummary("The card of the model serving now")
            .WithDescription("Version, feature schema, parameters, training data summary (input files by name and SHA-256), test metrics against the baseline, feature importance.")
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

    static Ok<ModelCard> GetCard(ServingModel serving) => TypedResults.Ok(serving.Current.Card.WithoutPaths());

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

        if (string.IsNullOrWhiteSpace(request?.Path))
        {
            return PathProblem("The model directory to load is required.");
        }

        if (request.Path.Contains('\0', StringComparison.Ordinal))
        {
            return PathProblem("The path cannot contain a NUL character.");
        }

        string root, directory;
        try
        {
            root = Path.TrimEndingDirectorySeparator(RealPath(settings.Resolve(settings.ModelsRoot))) + Path.DirectorySeparatorChar;
            directory = RealPath(Path.GetFullPath(request.Path, root));
        }
        catch (IOException)
        {
            // A link that loops ("too many levels of symbolic links") or a part that cannot be read.
            return NotLoaded(serving, $"The path '{request.Path}' cannot be followed under the models root: a link along it loops or cannot be read.");
        }

        // Links are followed before the check, so "escape -> /tmp" cannot lead out of the root.
        if (!directory.StartsWith(root, StringComparison.Ordinal))
        {
            return PathProblem($"The model directory must be inside the models root (the setting {MatchingOptions.Section}:{nameof(MatchingOptions.ModelsRoot)}); give its path relative to that root, e.g. \"candidate\" for the root's candidate folder.");
        }

        if (!Directory.Exists(directory))
        {
            // Named as the client named it: the server's own layout stays private, the setting that decides it does not.
            return NotLoaded(serving, $"No model directory '{request.Path}' under the models root. The path is relative to the models root, which the setting {MatchingOptions.Section}:{nameof(MatchingOptions.ModelsRoot)} names (scripts/run.sh sets it to the repository's models/ folder).");
        }

        var outcome = await serving.ReloadAsync(directory, cancellationToken);
        if (!outcome.Reloaded)
        {
            // Directories are named as the client named them, relative to the models root: the server's own layout stays private.
            var reason = outcome.Error?.Replace(root, "", StringComparison.Ordinal);
            logger.LogWarning("Model reload refused; {ModelVersion} keeps serving: {Reason}", outcome.Serving, reason);
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The model was not loaded; the previous model keeps serving.",
                detail: reason, extensions: new Dictionary<string, object?> { ["serving"] = outcome.Serving });
        }

        logger.LogInformation("Model reloaded: {PreviousVersion} -> {ModelVersion}", outcome.Previous, outcome.Serving);
        return TypedResults.Ok(outcome);
    }

    /// <summary>The body, read only once the caller is known to be an admin, with the same field-naming problems as /v1/match.</summary>
    static async Task<(ReloadRequest? Request, ValidationProblem? Problem)> ReadRequestAsync(HttpRequest http, CancellationToken cancellationToken)
    {
        var (buffer, length, problem) = await JsonBody.ReadAsync(http, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        try
        {
            return (JsonSerializer.Deserialize(buffer.AsSpan(0, length), ReloadJson.Default.ReloadRequest), null);
        }
        catch (JsonException e)
        {
            return (null, JsonBody.Problem(e, ReloadJson.Default.ReloadRequest));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer!);
        }
    }

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

    static ProblemHttpResult NotLoaded(ServingModel serving, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The model was not loaded; the previous model keeps serving.",
            detail: detail, extensions: new Dictionary<string, object?> { ["serving"] = serving.TryGetCurrent(out var current) ? current.Version : null });

    static ValidationProblem PathProblem(string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["path"] = [message] });
}

/// <param name="Path">A model directory (model.zip or model.json, with card.json), relative to the models root (Matching:ModelsRoot) or absolute inside it.</param>
public sealed record ReloadRequest(string? Path);

[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict,
    PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(ReloadRequest))]
sealed partial class ReloadJson : JsonSerializerContext;
