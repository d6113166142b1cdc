using Matching.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Matching.Api.Suggestions;

/// <summary>
/// The query of GET /v1/missions/{id}/suggestions as sent, read by <see cref="Read"/> rather than by binding, so that
/// "top=1.5" is a 400 naming <c>top</c> (<see cref="Query"/>).
/// </summary>
/// <param name="Top">1 to Matching:MaxCandidates; default 10.</param>
/// <param name="Explain">true or false; default true.</param>
/// <param name="IncludeUnrelated">true: candidates holding, having used or aspiring to none of the mission's skills or their neighbours are ranked too.</param>
/// <param name="Exhaustive">true: every candidate the rules keep is ranked, not only the shortlist.</param>
public sealed record SuggestionQuery(
    [property: FromQuery(Name = "top")] string? Top,
    [property: FromQuery(Name = "explain")] string? Explain,
    [property: FromQuery(Name = "includeUnrelated")] string? IncludeUnrelated,
    [property: FromQuery(Name = "exhaustive")] string? Exhaustive)
{
    /// <summary>The request the query makes, or a 400 naming the first parameter at fault.</summary>
    public ValidationProblem? Read(int maxCandidates, out SuggestionRequest request)
    {
        request = new SuggestionRequest(null, null, false, false);
        if (!Query.TryWholeNumber(Top, out var top) || top is < 1 || top > maxCandidates)
        {
            return ValidationProblems.Field("top", $"Top must be a whole number between 1 and {maxCandidates}.", ValidationProblems.QueryParameters);
        }

        if (!Query.TryBoolean(Explain, out var explain))
        {
            return ValidationProblems.Field("explain", "Expected true or false.", ValidationProblems.QueryParameters);
        }

        if (!Query.TryBoolean(IncludeUnrelated, out var includeUnrelated))
        {
            return ValidationProblems.Field("includeUnrelated", "Expected true or false.", ValidationProblems.QueryParameters);
        }

        if (!Query.TryBoolean(Exhaustive, out var exhaustive))
        {
            return ValidationProblems.Field("exhaustive", "Expected true or false.", ValidationProblems.QueryParameters);
        }

        request = new SuggestionRequest(top, explain, includeUnrelated ?? false, exhaustive ?? false);
        return null;
    }
}
