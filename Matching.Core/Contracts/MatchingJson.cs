using System.Text.Json;
using System.Text.Json.Serialization;

namespace Matching.Core.Contracts;

/// <summary>
/// The wire format of the API (matching and skills) and of the staffing history: camelCase, ISO dates, nulls left out,
/// unknown fields rejected so a misspelt "mandatroy" is an error instead of silently ignored.
/// Source-generated so an 11 MB request parses without reflection.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    PropertyNameCaseInsensitive = false,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(MatchRequest))]
[JsonSerializable(typeof(MatchResponse))]
[JsonSerializable(typeof(Candidate))]
[JsonSerializable(typeof(IReadOnlyList<SkillInterpretation>))]
[JsonSerializable(typeof(ResolveSkillsRequest))]
[JsonSerializable(typeof(ResolveSkillsResponse))]
[JsonSerializable(typeof(SkillSuggestionsResponse))]
[JsonSerializable(typeof(ExtractSkillsRequest))]
[JsonSerializable(typeof(ExtractSkillsResponse))]
public sealed partial class MatchingJson : JsonSerializerContext;
