using System.Text.Json;
using System.Text.Json.Serialization;
using Matching.Api.Model;
using Matching.Api.Outcomes;
using Matching.Api.Registry;

namespace Matching.Api.Http;

/// <summary>
/// The wire format of the API's own bodies (outcomes, model reload and registry), with the same strict options as the
/// matching contract (<see cref="Matching.Core.Contracts.MatchingJson"/>): unknown or repeated members, numbers in
/// strings, trailing commas and comments are refused.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow,
    PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(OutcomeBatch))]
[JsonSerializable(typeof(OutcomeBatchResponse))]
[JsonSerializable(typeof(RecordedOutcome))]
[JsonSerializable(typeof(OutcomeRating))]
[JsonSerializable(typeof(ReloadRequest))]
[JsonSerializable(typeof(RegisterModelRequest))]
[JsonSerializable(typeof(PromoteRequest))]
sealed partial class ApiJson : JsonSerializerContext;
