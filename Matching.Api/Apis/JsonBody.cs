using System.Buffers;
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

        // Buffer the whole body in the request pipe (bounded by Kestrel's MaxRequestBodySize), then parse it
        // in one synchronous pass: much faster for a 10 MB body than parsing while it streams in.
        var reader = request.BodyReader;
        var read = await reader.ReadAsync(cancellationToken);
        while (!read.IsCompleted && !read.IsCanceled)
        {
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            read = await reader.ReadAsync(cancellationToken);
        }

        try
        {
            return Parse(read.Buffer, type);
        }
        finally
        {
            reader.AdvanceTo(read.Buffer.End);
        }
    }

    static (T? Body, ValidationProblem? Problem) Parse<T>(ReadOnlySequence<byte> buffer, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            var json = new Utf8JsonReader(buffer);
            var body = JsonSerializer.Deserialize(ref json, type);
            if (body is not null && json.Read())
            {
                throw new JsonException("Unexpected content after the JSON object.");
            }

            return body is null ? (null, Problem("$", "The body must be a JSON object, not null.")) : (body, null);
        }
        catch (JsonException e)
        {
            return (null, Problem(FieldPath(e.Path), Describe(e, type)));
        }
    }

    /// <summary>"$.candidates[3].skills[0].level" → "candidates[3].skills[0].level".</summary>
    public static string FieldPath(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "$" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath;

    static string Describe(JsonException e, JsonTypeInfo root)
    {
        var position = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
        if (UnknownMember().Match(e.Message) is { Success: true } unknown)
        {
            return $"Unknown field '{unknown.Groups[1].Value}'{position}.";
        }

        // Our converters say what they expected themselves.
        if (e.InnerException is null && e.Message.StartsWith("Expected ", StringComparison.Ordinal))
        {
            return $"{e.Message}{position}.";
        }

        // The reader's own errors (broken syntax) come wrapped in a JsonException; anything else is a
        // well-formed value of the wrong type, so say what the contract expects at that path.
        return e.InnerException is not JsonException && TypeAt(root, e.Path) is { } expected
            ? $"Expected {Describe(expected)}{position}."
            : $"Malformed JSON{position}.";
    }

    /// <summary>The .NET type the contract has at a JSON path such as "$.mission.skills[0].level".</summary>
    static Type? TypeAt(JsonTypeInfo root, string? path)
    {
        if (path is null || !path.StartsWith('$'))
        {
            return null;
        }

        var type = root.Type;
        foreach (Match segment in PathSegment().Matches(path[1..]))
        {
            if (segment.Groups["index"].Success)
            {
                type = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type.GetGenericArguments()[0] : null;
            }
            else
            {
                var name = segment.Groups["name"].Value;
                type = root.Options.GetTypeInfo(type).Properties.FirstOrDefault(p => p.Name == name)?.PropertyType;
            }

            if (type is null)
            {
                return null;
            }
        }

        return type;
    }

    static string Describe(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(int) => "a whole number",
        var t when t == typeof(double) => "a number",
        var t when t == typeof(bool) => "true or false",
        var t when t == typeof(DateOnly) => "a date as yyyy-MM-dd",
        var t when t == typeof(string) => "a string",
        var t when t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>) => "an array",
        _ => "an object",
    };

    static ValidationProblem Problem(string path, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [path] = [message] }, title: "The request body could not be read.");

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnknownMember();

    [GeneratedRegex(@"\.(?<name>[^.\[]+)|\[(?<index>\d+)\]")]
    private static partial Regex PathSegment();
}
