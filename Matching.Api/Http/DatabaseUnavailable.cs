using Npgsql;

namespace Matching.Api.Http;

/// <summary>
/// The one place a database that cannot be reached (refused, unreachable, restarting, too slow) becomes a 503 problem
/// with Retry-After, set on every database route group. The pool is cleared so the next request opens fresh
/// connections: the service recovers by itself once the database is back. Other database errors stay 500s.
/// </summary>
sealed class DatabaseUnavailable(NpgsqlDataSource dataSource, ILogger<DatabaseUnavailable> logger) : IEndpointFilter
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (NpgsqlException e) when (e.IsTransient && !context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            dataSource.Clear();
            logger.LogWarning("Database unavailable ({Failure}: {Reason}); answered 503", e.GetType().Name, e.InnerException?.GetType().Name ?? e.Message);
            context.HttpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The database is unavailable.",
                detail: $"The talent pool and outcomes cannot be reached just now; nothing was changed. Retry after {RetryAfterSeconds} seconds. Matching (POST /v1/match) still answers.");
        }
    }
}
