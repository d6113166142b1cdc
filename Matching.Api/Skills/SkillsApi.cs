using System.Buffers;
using System.Text.Json.Serialization.Metadata;
using Matching.Api.Hosting;
using Matching.Api.Http;
using Matching.Core.Contracts;
using Matching.Core.Ranking;
using Matching.Core.Skills;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Matching.Api.Skills;

/// <summary>How the service reads skill names and texts, so integrators can check their vocabulary before going live.</summary>
public static class SkillsApi
{
    public const int MaxNames = 1000;
    public const int MaxSuggestions = 50;
    public const int MaxTextLength = 100_000;

    public static RouteGroupBuilder MapSkillsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/v1/skills").WithTags("Skills").RequireAuthorization(ApiKeys.Match)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/", Suggest)
            .AddEndpointFilter(Query.OneValueEach)
            .WithName("SuggestSkills")
            .WithSummary("Suggest skills for a prefix, as someone types")
            .WithDescription("Names starting with `q` first, then names with a word starting with it; preferred labels before aliases, common concepts first. `top` is 1–50 (default 10).");
        api.MapPost("/resolve", Resolve)
            .Accepts<ResolveSkillsRequest>("application/json")
            .WithName("ResolveSkills")
            .WithSummary("Show how skill names are read")
            .WithDescription("Up to 1,000 names, each with the concept it is read as and how (label, alias, acronym, translation, variant, context, ambiguous, fuzzy, unrecognised); ambiguous names list their other senses and are decided by `context` when it can.");
        api.MapPost("/extract", Extract)
            .Accepts<ExtractSkillsRequest>("application/json")
            .WithName("ExtractSkills")
            .WithSummary("Find the skills a text names")
            .WithDescription("English or French text (at most 100,000 characters): each concept found with the words that named it, how and a heuristic confidence. Negated phrases (\"no Java\") do not count; short names and acronyms count only beside another skill.");
        return api;
    }

    static Results<Ok<SkillSuggestionsResponse>, ValidationProblem> Suggest(SkillCatalog catalog, string? q, [FromQuery(Name = "top")] string? topText)
    {
        if (string.IsNullOrWhiteSpace(q) || q.Length > SkillKeys.MaxKeyLength)
        {
            return ValidationProblems.Field("q", $"Give the start of a skill name, 1 to {SkillKeys.MaxKeyLength} characters.", ValidationProblems.QueryParameters);
        }

        if (!Query.TryWholeNumber(topText, out var top) || top is < 1 or > MaxSuggestions)
        {
            return ValidationProblems.Field("top", $"Top must be between 1 and {MaxSuggestions}.", ValidationProblems.QueryParameters);
        }

        var suggestions = catalog.Suggest(q, top ?? 10)
            .Select(s => new SkillSuggestionItem(catalog.ConceptKey(s.ConceptId), catalog.Label(s.ConceptId), s.MatchedName, KindName(catalog.Kind(s.ConceptId))))
            .ToList();
        return TypedResults.Ok(new SkillSuggestionsResponse(catalog.Version, suggestions));
    }

    static async Task<Results<ContractJsonResult<ResolveSkillsResponse>, ValidationProblem>> Resolve(HttpContext http, SkillCatalog catalog, CancellationToken cancellationToken)
    {
        var (request, problem) = await ReadAsync(http, MatchingJson.Default.ResolveSkillsRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (request!.Names is not { Count: > 0 and <= MaxNames } names)
        {
            return ValidationProblems.Field("names", $"Give 1 to {MaxNames} skill names.");
        }

        CheckNames(names, "names", errors);
        if (request.Context is { } context)
        {
            if (context.Count > MaxNames)
            {
                errors["context"] = [$"At most {MaxNames} names are allowed."];
            }

            CheckNames(context, "context", errors);
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The resolve request is not valid.");
        }

        var around = (request.Context ?? []).Select(n => catalog.Read(n)).Where(m => m is { Found: true, IsAmbiguous: false }).Select(m => m.ConceptId).Distinct().ToArray();
        var interpretations = names.Select(name =>
        {
            var match = catalog.Decide(catalog.Read(name), around);
            return Ranker.Interpretation(catalog, name, match.ConceptId, match.How);
        }).ToList();
        return new ContractJsonResult<ResolveSkillsResponse>(new ResolveSkillsResponse(catalog.Version, interpretations), MatchingJson.Default.ResolveSkillsResponse);
    }

    static async Task<Results<ContractJsonResult<ExtractSkillsResponse>, ValidationProblem>> Extract(HttpContext http, SkillCatalog catalog, CancellationToken cancellationToken)
    {
        var (request, problem) = await ReadAsync(http, MatchingJson.Default.ExtractSkillsRequest, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (request!.Text is null)
        {
            errors["text"] = ["The text to read is required."];
        }
        else if (request.Text.Length > MaxTextLength)
        {
            errors["text"] = [$"At most {MaxTextLength:N0} characters are allowed."];
        }

        if (request.Language is not ("en" or "fr"))
        {
            errors["language"] = ["The language must be \"en\" or \"fr\"."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The extract request is not valid.");
        }

        var skills = catalog.Extract(request.Text!, request.Language)
            .Select(s => new ExtractedSkillItem(
                catalog.ConceptKey(s.ConceptId),
                catalog.Label(s.ConceptId),
                Ranker.ReadingName(s.How),
                s.Confidence,
                [.. s.Spans.Select(span => new SkillSpan(span.Start, span.Length, span.Text))]))
            .ToList();
        return new ContractJsonResult<ExtractSkillsResponse>(new ExtractSkillsResponse(catalog.Version, skills), MatchingJson.Default.ExtractSkillsResponse);
    }

    static void CheckNames(List<string> names, string field, Dictionary<string, string[]> errors)
    {
        for (var i = 0; i < names.Count && errors.Count < 100; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]) || !SkillKeys.HasKey(names[i]))
            {
                errors[$"{field}[{i}]"] = ["A skill name needs at least one letter or digit."];
            }
            else if (names[i].Length > SkillKeys.MaxKeyLength)
            {
                errors[$"{field}[{i}]"] = [$"At most {SkillKeys.MaxKeyLength} characters are allowed."];
            }
        }
    }

    static Task<(T? Request, ValidationProblem? Problem)> ReadAsync<T>(HttpContext http, JsonTypeInfo<T> contract, CancellationToken cancellationToken)
        where T : class => JsonBody.ReadAsync(http.Request, contract, cancellationToken);

    static string KindName(SkillKind kind) => kind switch
    {
        SkillKind.Knowledge => "knowledge",
        SkillKind.SkillCompetence => "skill",
        SkillKind.Technology => "technology",
        _ => "group",
    };
}
