using Matching.Core.Validation;

namespace Matching.Api.Http;

/// <summary>
/// Every route parameter of the groups it is set on is an id: one outside the grammar (<see cref="Ids"/>) is a 400
/// naming the parameter before the handler runs. Routing leaves <c>%2F</c> encoded, so without this
/// <c>PUT /v1/candidates/a%2Fb</c> would store the literal <c>a%2Fb</c> while a body id <c>a/b</c> could never be
/// reached by a path.
/// </summary>
sealed class IdsInPath : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        foreach (var (name, value) in context.HttpContext.Request.RouteValues)
        {
            if (value is string id && !Ids.IsValid(id))
            {
                return ValidationProblems.Field(name, Ids.Rule, ValidationProblems.PathId);
            }
        }

        return await next(context);
    }
}
