using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Apis;

/// <summary>
/// Reads a JSON body ourselves so that malformed JSON, wrong types and unknown fields become 400
/// problem details naming the field path, instead of a generic binding failure.
/// </summary>
static partial class JsonBody
{
    public static async Task<(T? Body, ValidationProblem? Problem)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Problem("$", "The body must be JSON (Content-Type: application/json)."));
        }

        try
        {
            var body = await JsonSerializer.DeserializeAsync(request.Body, type, cancellationToken);
            return body is null ? (null, Problem("$", "The body must be a JSON object, not null.")) : (body, null);
        }
        catch (JsonException e)
        {
            return (null, Problem(FieldPath(e.Path), Describe(e)));
        }
    }

    /// <summary>"$.candidates[3].skills[0].level" → "candidates[3].skills[0].level".</summary>
    public static string FieldPath(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "$" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath;

    static string Describe(JsonException e)
    {
        var position = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
        if (UnknownMember().Match(e.Message) is { Success: true } unknown)
        {
            return $"Unknown field '{unknown.Groups[1].Value}'{position}.";
        }

        if (ConversionTarget().Match(e.Message) is { Success: true } conversion)
        {
            return $"Expected {Expected(conversion.Groups[1].Value)}{position}.";
        }

        return $"Malformed JSON{position}.";
    }

    static string Expected(string type) => type switch
    {
        _ when type.Contains("Int32", StringComparison.Ordinal) => "a whole number",
        _ when type.Contains("Double", StringComparison.Ordinal) => "a number",
        _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ when type.Contains("DateOnly", StringComparison.Ordinal) => "a date as yyyy-MM-dd",
        _ when type.Contains("String", StringComparison.Ordinal) && !type.Contains("List", StringComparison.Ordinal) => "a string",
        _ when type.Contains("List", StringComparison.Ordinal) => "an array",
        _ => "an object",
    };

    static ValidationProblem Problem(string path, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [path] = [message] }, title: "The request body could not be read.");

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnknownMember();

    [GeneratedRegex("could not be converted to ([^.\\s]+(?:\\.[^.\\s]+)*)")]
    private static partial Regex ConversionTarget();
}
