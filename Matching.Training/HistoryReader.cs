using Matching.Core.Contracts;
using Matching.Core.Validation;

using Matching.Core.History;

namespace Matching.Training;

/// <summary>A line of a history file that cannot be used, and why.</summary>
public sealed record HistoryLineError(int Line, string Reason);

/// <summary>A valid line of a history file.</summary>
public sealed record HistoryLine(int Line, HistoricalMission Mission);

/// <summary>
/// Reads the lines of a staffing history (JSON Lines, one <see cref="HistoricalMission"/> per line),
/// validating each with the same rules as the API.
/// </summary>
public static class HistoryReader
{
    public static (HistoryLine? Valid, HistoryLineError? Error) Parse(int number, string text, MatchRequestValidator validator)
    {
        HistoricalMission? mission;
        try
        {
            mission = JsonContractErrors.Deserialize(text, HistoryJson.Default.HistoricalMission);
        }
        catch (ContractException e)
        {
            return (null, new HistoryLineError(number, e.Fault.ToString()));
        }

        if (mission is null)
        {
            return (null, new HistoryLineError(number, "the line is JSON null, not a mission"));
        }

        var errors = Validate(mission, validator);
        return errors.IsEmpty ? (new HistoryLine(number, mission), null) : (null, new HistoryLineError(number, errors.ToString()));
    }

    public static ValidationErrors Validate(HistoricalMission line, MatchRequestValidator validator)
    {
        var errors = new ValidationErrors();
        if (line.Mission is null)
        {
            errors.Add("mission", "A mission is required.");
        }
        else
        {
            validator.ValidateMission(line.Mission, "mission", errors);
            if (string.IsNullOrWhiteSpace(line.Mission.Id))
            {
                errors.Add("mission.id", "Historical missions need an id.");
            }
        }

        if (line.DecidedAt is null)
        {
            errors.Add("decidedAt", "The decision date (yyyy-MM-dd) is required.");
        }

        if (line.Candidates is not { Count: > 0 })
        {
            errors.Add("candidates", "At least one candidate is required.");
            return errors;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < line.Candidates.Count; i++)
        {
            var entry = line.Candidates[i];
            if (entry?.Candidate is null)
            {
                errors.Add($"candidates[{i}].candidate", "A candidate snapshot is required.");
            }
            else
            {
                validator.ValidateCandidate(entry.Candidate, $"candidates[{i}].candidate", errors);
                if (entry.Candidate.Id is { } id && !ids.Add(id))
                {
                    errors.Add($"candidates[{i}].candidate.id", "Candidate ids must be unique within a mission.");
                }
            }

            if (entry?.Outcome is null)
            {
                errors.Add($"candidates[{i}].outcome", $"An outcome is required: {JsonContractErrors.OneOf(typeof(Outcome))}.");
            }
            else if (!Enum.IsDefined(entry.Outcome.Value))
            {
                errors.Add($"candidates[{i}].outcome", $"Expected {JsonContractErrors.OneOf(typeof(Outcome))}.");
            }

            if (entry?.Rating is { } rating && (rating < 1 || rating > 5))
            {
                errors.Add($"candidates[{i}].rating", "Rating must be between 1 and 5.");
            }
        }

        return errors;
    }
}
