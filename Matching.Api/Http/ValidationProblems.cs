using Matching.Core.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Matching.Api.Http;

/// <summary>The 400s that name each field at fault (a problem with an <c>errors</c> member), titled by what was read.</summary>
static class ValidationProblems
{
    public const string Body = "The request body is not valid.";
    public const string Unreadable = "The request body could not be read.";
    public const string QueryParameters = "The query parameters are not valid.";
    public const string PathId = "The id in the path is not valid.";

    /// <summary>One field and what is wrong with it; without a title, ASP.NET Core's "One or more validation errors occurred.".</summary>
    public static ValidationProblem Field(string field, string message, string? title = null) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: title);

    /// <summary>Each field by its path in the body: the validator's "$.skills[0].level" is written "skills[0].level".</summary>
    public static ValidationProblem Fields(ValidationErrors errors, string title) =>
        TypedResults.ValidationProblem(errors.ToDictionary().ToDictionary(e => FieldPath.WithoutRoot(e.Key), e => e.Value), title: title);
}
