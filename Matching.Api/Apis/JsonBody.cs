using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Apis;

/// <summary>
/// Reads JSON bodies ourselves so that malformed JSON, wrong types and unknown fields become 400
/// problem details naming the field path, instead of a generic binding failure.
/// </summary>
static partial class JsonBody
{
    /// <summary>
    /// The whole body in one pooled buffer (Kestrel's MaxRequestBodySize bounds it): parsing a 10 MB
    /// body in one pass is much faster than parsing it while it streams in. Return the buffer with
    /// <see cref="ArrayPool{T}.Shared"/> when done.
    /// </summary>
    public static async Task<(byte[]? Buffer, int Length, ValidationProblem? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasJsonContentType())
        {
            return (null, 0, Problem("$", "The body must be JSON (Content-Type: application/json)."));
        }

        // Copied out as it arrives, so Kestrel never holds the whole body in its own small blocks. The buffer
        // starts at the Content-Length but at most 1 MB, then doubles (up to the Content-Length) as bytes
        // arrive, so a client announcing a large body and sending nothing costs little.
        var expected = request.ContentLength;
        var reader = request.BodyReader;
        var read = await reader.ReadAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(expected ?? 0, 1, 1 << 20));
        var length = 0;
        try
        {
            while (true)
            {
                var chunk = read.Buffer;
                if (length + chunk.Length > buffer.Length)
                {
                    var needed = length + chunk.Length;
                    var size = Math.Max(needed, (long)buffer.Length * 2);
                    if (expected is { } total && needed <= total)
                    {
                        size = Math.Min(size, total);
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(checked((int)size));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                chunk.CopyTo(buffer.AsSpan(length));
                length += (int)chunk.Length;
                reader.AdvanceTo(chunk.End);
                if (read.IsCompleted || read.IsCanceled)
                {
                    return (buffer, length, null);
                }

                read = await reader.ReadAsync(cancellationToken);
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public static ValidationProblem Problem(JsonException e, JsonTypeInfo contract) => Problem(FieldPath(e.Path), Describe(e, contract));

    /// <summary>"$.candidates[3].skills[0].level" → "candidates[3].skills[0].level".</summary>
    public static string FieldPath(string? jsonPath) =>
        string.IsNullOrEmpty(jsonPath) || jsonPath == "$" ? "$" : jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath;

    /// <summary>What is wrong, in the contract's words: an unknown field, the type expected at that path, or broken JSON.</summary>
    public static string Describe(JsonException e, JsonTypeInfo contract)
    {
        var position = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
        if (UnknownMember().Match(e.Message) is { Success: true } unknown)
        {
            return $"Unknown field '{unknown.Groups[1].Value}'{position}.";
        }

        // The reader's own syntax errors ("... LineNumber: 0 | BytePositionInLine: 5.", no "Path:", which the
        // serializer's messages have) carry their position in the message too; say it once.
        if (e.InnerException is null && e.Message.Contains("| BytePositionInLine:", StringComparison.Ordinal) && !e.Message.Contains("Path:", StringComparison.Ordinal))
        {
            return $"Malformed JSON{position}.";
        }

        // Text the serializer could not decode (invalid UTF-8, a lone surrogate).
        if (e.InnerException is InvalidOperationException { Message: var reason } && reason.Contains("invalid UTF", StringComparison.OrdinalIgnoreCase))
        {
            return $"Expected Unicode text (this string has invalid UTF-8 or an unpaired surrogate){position}.";
        }

        // A field given twice, by our readers or the serializer (AllowDuplicateProperties = false): named by its path.
        if (e.InnerException is null && e.Message.StartsWith("Duplicate", StringComparison.Ordinal))
        {
            var field = e.Path is { } path ? path[(path.LastIndexOf('.') + 1)..] : "?";
            return $"Duplicate field '{field}'{position}.";
        }

        // Our own readers and converters say what they expected themselves.
        if (e.InnerException is null && e.Message.StartsWith("Expected ", StringComparison.Ordinal))
        {
            return $"{e.Message}{position}.";
        }

        // The reader's own errors (broken syntax) come wrapped in a JsonException; anything else is a
        // well-formed value of the wrong type, so say what the contract expects at that path.
        return e.InnerException is not JsonException && TypeAt(contract, e.Path) is { } expected
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
                type = root.Options.GetTypeInfo(type).Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType;
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
