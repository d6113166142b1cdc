using Matching.Core.Contracts;

namespace Matching.Core.Validation;

/// <summary>
/// Checks a match request (and the missions and candidates of a staffing history, which share its
/// shapes) and names every field at fault by its JSON path. Defaults are applied later, by the ranker.
/// </summary>
public sealed class MatchRequestValidator(MatchLimits limits)
{
    public ValidationErrors Validate(MatchRequest request)
    {
        var errors = new ValidationErrors();
        if (request.Mission is null)
        {
            errors.Add("mission", "A mission is required.");
        }
        else
        {
            ValidateMission(request.Mission, "mission", errors);
        }

        if (request.Candidates is null)
        {
            errors.Add("candidates", "A list of candidates is required.");
        }
        else
        {
            ValidateCandidates(request.Candidates, "candidates", errors);
        }

        if (request.Top is { } top && (top < 1 || top > limits.MaxCandidates))
        {
            errors.Add("top", $"Top must be between 1 and {limits.MaxCandidates}.");
        }

        return errors;
    }

    public void ValidateMission(Mission mission, string path, ValidationErrors errors)
    {
        CheckText(mission.Id, $"{path}.id", errors);
        CheckText(mission.Title, $"{path}.title", errors);
        CheckText(mission.Location, $"{path}.location", errors);
        if (mission.Skills is not { Count: > 0 })
        {
            errors.Add($"{path}.skills", "A mission needs at least one required skill.");
        }
        else if (mission.Skills.Count > limits.MaxSkills)
        {
            errors.Add($"{path}.skills", $"At most {limits.MaxSkills} skills are allowed.");
        }
        else
        {
            for (var i = 0; i < mission.Skills.Count; i++)
            {
                var skillPath = $"{path}.skills[{i}]";
                var skill = mission.Skills[i];
                if (skill is null)
                {
                    errors.Add(skillPath, "A skill cannot be null.");
                    continue;
                }

                CheckName(skill.Name, $"{skillPath}.name", errors);
                CheckLevel(skill.Level, $"{skillPath}.level", errors);
                if (skill.Weight is { } weight && !(weight > 0 && weight <= 1000 && double.IsFinite(weight)))
                {
                    errors.Add($"{skillPath}.weight", "Weight must be greater than 0 and at most 1000.");
                }
            }
        }

        CheckWindow(mission.Start, mission.End, $"{path}.start", $"{path}.end", endRequired: true, errors);
        if (mission.Capacity is not { } capacity)
        {
            errors.Add($"{path}.capacity", "Capacity (share of full time the mission needs) is required.");
        }
        else if (!(capacity > 0 && capacity <= 1))
        {
            errors.Add($"{path}.capacity", "Capacity must be greater than 0 and at most 1.");
        }

        CheckLanguages(mission.Languages, $"{path}.languages", errors);
    }

    public void ValidateCandidates(IReadOnlyList<Candidate?> candidates, string path, ValidationErrors errors)
    {
        if (candidates.Count > limits.MaxCandidates)
        {
            errors.Add(path, $"At most {limits.MaxCandidates} candidates are allowed per request; got {candidates.Count}.");
            return;
        }

        var ids = new HashSet<string>(candidates.Count, StringComparer.Ordinal);
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidatePath = $"{path}[{i}]";
            var candidate = candidates[i];
            if (candidate is null)
            {
                errors.Add(candidatePath, "A candidate cannot be null.");
                continue;
            }

            ValidateCandidate(candidate, candidatePath, errors);
            if (!string.IsNullOrWhiteSpace(candidate.Id) && !ids.Add(candidate.Id))
            {
                errors.Add($"{candidatePath}.id", "Candidate ids must be unique; this id appears earlier in the list.");
            }
        }
    }

    public void ValidateCandidate(Candidate candidate, string path, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(candidate.Id))
        {
            errors.Add($"{path}.id", "A candidate id is required and cannot be blank.");
        }
        else
        {
            CheckText(candidate.Id, $"{path}.id", errors);
        }

        CheckText(candidate.Location, $"{path}.location", errors);
        if (CheckCount(candidate.Skills, limits.MaxSkills, $"{path}.skills", "skills", errors))
        {
            for (var i = 0; i < candidate.Skills!.Count; i++)
            {
                var skillPath = $"{path}.skills[{i}]";
                var skill = candidate.Skills[i];
                if (skill is null)
                {
                    errors.Add(skillPath, "A skill cannot be null.");
                    continue;
                }

                CheckName(skill.Name, $"{skillPath}.name", errors);
                if (skill.Level is null)
                {
                    errors.Add($"{skillPath}.level", "A level between 1 and 5 is required.");
                }
                else
                {
                    CheckLevel(skill.Level, $"{skillPath}.level", errors);
                }

                if (skill.Years is { } years && !(years >= 0 && years <= 70))
                {
                    errors.Add($"{skillPath}.years", "Years must be between 0 and 70.");
                }
            }
        }

        if (CheckCount(candidate.Experiences, limits.MaxExperiences, $"{path}.experiences", "experiences", errors))
        {
            for (var i = 0; i < candidate.Experiences!.Count; i++)
            {
                var experiencePath = $"{path}.experiences[{i}]";
                var experience = candidate.Experiences[i];
                if (experience is null)
                {
                    errors.Add(experiencePath, "An experience cannot be null.");
                    continue;
                }

                CheckText(experience.Title, $"{experiencePath}.title", errors);
                CheckNames(experience.Skills, $"{experiencePath}.skills", errors);
                CheckWindow(experience.Start, experience.End, $"{experiencePath}.start", $"{experiencePath}.end", endRequired: false, errors);
                if (experience.Rating is { } rating && (rating < 1 || rating > 5))
                {
                    errors.Add($"{experiencePath}.rating", "Rating must be between 1 and 5.");
                }
            }
        }

        if (CheckCount(candidate.Availability, limits.MaxAvailabilityWindows, $"{path}.availability", "availability windows", errors))
        {
            for (var i = 0; i < candidate.Availability!.Count; i++)
            {
                var windowPath = $"{path}.availability[{i}]";
                var window = candidate.Availability[i];
                if (window is null)
                {
                    errors.Add(windowPath, "An availability window cannot be null.");
                    continue;
                }

                CheckWindow(window.From, window.To, $"{windowPath}.from", $"{windowPath}.to", endRequired: true, errors);
                if (window.Capacity is not { } capacity)
                {
                    errors.Add($"{windowPath}.capacity", "Capacity (free share of full time) is required.");
                }
                else if (!(capacity >= 0 && capacity <= 1))
                {
                    errors.Add($"{windowPath}.capacity", "Capacity must be between 0 and 1.");
                }
            }
        }

        CheckNames(candidate.Aspirations, $"{path}.aspirations", errors);
        CheckLanguages(candidate.Languages, $"{path}.languages", errors);
        if (candidate.ActiveMissions is { } active && (active < 0 || active > 100))
        {
            errors.Add($"{path}.activeMissions", "Active missions must be between 0 and 100.");
        }
    }

    bool CheckCount<T>(List<T>? items, int max, string path, string what, ValidationErrors errors)
    {
        if (items is null)
        {
            return false;
        }

        if (items.Count > max)
        {
            errors.Add(path, $"At most {max} {what} are allowed.");
            return false;
        }

        return true;
    }

    void CheckNames(List<string>? names, string path, ValidationErrors errors)
    {
        if (CheckCount(names, limits.MaxSkills, path, "skills", errors))
        {
            for (var i = 0; i < names!.Count; i++)
            {
                CheckName(names[i], $"{path}[{i}]", errors);
            }
        }
    }

    void CheckName(string? name, string path, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(path, "A skill name is required and cannot be blank.");
        }
        else
        {
            CheckText(name, path, errors);
        }
    }

    void CheckText(string? text, string path, ValidationErrors errors)
    {
        if (text is not null && text.Length > limits.MaxTextLength)
        {
            errors.Add(path, $"At most {limits.MaxTextLength} characters are allowed.");
        }
    }

    static void CheckLevel(int? level, string path, ValidationErrors errors)
    {
        if (level is { } value && (value < 1 || value > 5))
        {
            errors.Add(path, "Level must be between 1 and 5.");
        }
    }

    static void CheckWindow(DateOnly? start, DateOnly? end, string startPath, string endPath, bool endRequired, ValidationErrors errors)
    {
        if (start is null)
        {
            errors.Add(startPath, "A start date (yyyy-MM-dd) is required.");
        }

        if (end is null)
        {
            if (endRequired)
            {
                errors.Add(endPath, "An end date (yyyy-MM-dd) is required.");
            }
        }
        else if (start is not null && end < start)
        {
            errors.Add(endPath, "The end date cannot be before the start date.");
        }
    }

    static void CheckLanguages(List<string>? languages, string path, ValidationErrors errors)
    {
        if (languages is null)
        {
            return;
        }

        if (languages.Count > LanguageCodes.Count)
        {
            errors.Add(path, "Too many languages.");
            return;
        }

        for (var i = 0; i < languages.Count; i++)
        {
            if (languages[i] is not { Length: 2 } code || !LanguageCodes.IsValid(code))
            {
                errors.Add($"{path}[{i}]", "Languages are ISO 639-1 two-letter codes, such as \"en\" or \"fr\".");
            }
        }
    }
}
