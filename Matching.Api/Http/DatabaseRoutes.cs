namespace Matching.Api.Http;

public static class DatabaseRoutes
{
    /// <summary>
    /// A route group of endpoints over the database: the scope's policy, a 503 while the database cannot be reached
    /// (<see cref="DatabaseUnavailable"/>), every id in the path checked (<see cref="IdsInPath"/>), and the problems each may answer.
    /// </summary>
    public static RouteGroupBuilder MapDatabaseGroup(this IEndpointRouteBuilder app, string prefix, string tag, string scope) =>
        app.MapGroup(prefix).WithTags(tag).RequireAuthorization(scope)
            .AddEndpointFilter<DatabaseUnavailable>().AddEndpointFilter<IdsInPath>()
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
