using System.Buffers;
using System.Text.Json.Serialization.Metadata;
using Matching.Core.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Http;

/// <summary>
/// Reads JSON bodies ourselves so that malformed JSON, wrong types and unknown fields become 400
/// problem details naming the field at fault, instead of a generic binding failure.
/// </summary>
static class JsonBody
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
            return (null, 0, ValidationProblems.Field("$", "The body must be JSON (Content-Type: application/json).", ValidationProblems.Unreadable));
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

    /// <summary>
    /// The body read as <paramref name="contract"/>; a problem naming the field at fault when it cannot be (JSON
    /// null included: every body is an object).
    /// </summary>
    public static async Task<(T? Request, ValidationProblem? Problem)> ReadAsync<T>(
        HttpRequest request, JsonTypeInfo<T> contract, CancellationToken cancellationToken, BodyCheck? check = null)
        where T : class
    {
        var (buffer, length, problem) = await ReadAsync(request, cancellationToken);
        if (problem is not null)
        {
            return (null, problem);
        }

        try
        {
            if (check?.Invoke(buffer.AsSpan(0, length)) is { } refused)
            {
                return (null, refused);
            }

            return JsonContractErrors.Deserialize(buffer.AsSpan(0, length), contract) is { } body
                ? (body, null)
                : (null, ValidationProblems.Field("$", "Expected a JSON object.", ValidationProblems.Unreadable));
        }
        catch (ContractException e)
        {
            return (null, ValidationProblems.Field(e.Fault.Path, e.Fault.Sentence, ValidationProblems.Unreadable));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer!);
        }
    }

    /// <summary>A check of the raw body before it is read as the contract: a problem, or null when it passes.</summary>
    public delegate ValidationProblem? BodyCheck(ReadOnlySpan<byte> json);

}
