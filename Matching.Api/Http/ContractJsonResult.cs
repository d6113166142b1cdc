using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;

namespace Matching.Api.Http;

/// <summary>
/// A 200 with a body written synchronously into the response pipe by the contract's source-generated
/// writer, then flushed once. <c>TypedResults.Json</c> streams instead, and System.Text.Json's streaming
/// serializer falls back to the slower metadata-driven writer for bodies over its buffer size, as a
/// ranking with its excluded candidates usually is.
/// </summary>
sealed class ContractJsonResult<T>(T value, JsonTypeInfo<T> contract)
    : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>, IContentTypeHttpResult, IEndpointMetadataProvider
{
    public T Value => value;

    object? IValueHttpResult.Value => value;

    public int StatusCode => StatusCodes.Status200OK;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public string ContentType => "application/json; charset=utf-8";

    /// <summary>Tells OpenAPI about the 200 and its type, as <c>Ok&lt;T&gt;</c> does.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = ContentType;
        try
        {
            using (var writer = new Utf8JsonWriter(response.BodyWriter))
            {
                JsonSerializer.Serialize(writer, value, contract);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Part of the body may already sit in the pipe: a problem written after it would splice a 500 onto half a
            // ranking. The response is complete or the connection is dropped.
            httpContext.Abort();
            throw;
        }

        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
