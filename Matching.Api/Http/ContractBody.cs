using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Matching.Core.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Http;

/// <summary>
/// A whole body read into one contract object for the database endpoints, with the same field-naming problems as
/// /v1/match, and a NUL character (which PostgreSQL cannot store) named as the client's fault.
/// </summary>
static class ContractBody
{
    public static Task<(T? Value, ValidationProblem? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> contract, CancellationToken cancellationToken)
        where T : class =>
        JsonBody.ReadAsync(request, contract, cancellationToken, json =>
            NulCharacterAt(json) is { } field ? ValidationProblems.Field(field, "Text cannot contain the NUL character (\\u0000).", ValidationProblems.Body) : null);

    /// <summary>
    /// The path of the first string value holding a NUL character, which PostgreSQL's text and jsonb cannot store (a
    /// client's fault, to be named as such rather than fail in the database); null when there is none, or when the
    /// JSON is broken (the serializer then says where).
    /// </summary>
    static string? NulCharacterAt(ReadOnlySpan<byte> json)
    {
        if (json.IndexOf("\\u0000"u8) < 0)
        {
            return null;
        }

        var reader = new Utf8JsonReader(json);
        var frames = new List<(bool IsArray, int Index, string? Name)>();
        try
        {
            while (reader.Read())
            {
                var token = reader.TokenType;
                if (token is JsonTokenType.PropertyName)
                {
                    frames[^1] = frames[^1] with { Name = reader.GetString() };
                    continue;
                }

                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    frames.RemoveAt(frames.Count - 1);
                    continue;
                }

                if (frames.Count > 0 && frames[^1].IsArray)
                {
                    frames[^1] = frames[^1] with { Index = frames[^1].Index + 1 };
                }

                if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    frames.Add((token is JsonTokenType.StartArray, -1, null));
                }
                else if (token is JsonTokenType.String && reader.ValueIsEscaped && reader.GetString()!.Contains('\0', StringComparison.Ordinal))
                {
                    return string.Concat(frames.Select(f => f.IsArray ? $"[{f.Index}]" : $".{f.Name}")).TrimStart('.') is { Length: > 0 } path ? path : "$";
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }

        return null;
    }

    /// <summary>The id in the path (<see cref="IdsInPath"/> checked it), which the body may repeat but not contradict.</summary>
    public static void CheckId(string pathId, string? bodyId, ValidationErrors errors)
    {
        if (bodyId is not null && bodyId != pathId)
        {
            errors.Add("$.id", "The body's id must be the id in the path, or be left out.");
        }
    }

    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"No {what} with this id is stored.");
}
