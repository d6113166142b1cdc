using Matching.Core.Contracts;
using Matching.Core.Skills;

namespace Matching.Core.Validation;

/// <summary>
/// Checks a match request (and the missions and candidates of a staffing history, which share its
/// shapes) and names every field at fault by its JSON path. Defaults are applied later, by the ranker.
/// </summary>
public sealed class MatchRequestValidator(MatchLimits limits)
{
    public MatchLimits Limits => limits;

    public ValidationErrors Validate(MatchRequest request)
    {
        var errors = new ValidationErrors();
        ValidateHead(request.Mission, request.Candidates is not null, request.Candidates?.Count ?? 0, request.Top, errors);
        if (request.Candidates is { } candidates && candidates.Count <= limits.MaxCandidates)
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                ValidateCandidate(candidates[i], i, errors);
            }

            CheckUniqueIds([.. candidates.Select(c => c?.Id)], errors);
        }

        return errors;
    }

    /// <summary>Everything but the candidates themselves: the mission, the presence and number of candidates, top.</summary>
    public void ValidateHead(Mission? mission, bool hasCandidates, int candidateCount, int? top, ValidationErrors errors)
    {
        if (mission is null)
        {
            errors.Add("mission", "A mission is required.");
        }
        else
        {
            ValidateMission(mission, "mission", errors);
        }

        if (!hasCandidates)
        {
            errors.Add("candidates", "A list of candidates is required.");
        }
        else if (candidateCount > limits.MaxCandidates)
        {
            errors.Add("candidates", $"At most {limits.MaxCandidates} candidates are allowed per request; got {candidateCount}.");
        }

        if (top is { } value && (value < 1 || value > limits.MaxCandidates))
        {
            errors.Add("top", $"Top must be between 1 and {limits.MaxCandidates}.");
        }
    }

    /// <summary>Candidate number <paramref name="index"/> of a request.</summary>
    public void ValidateCandidate(Candidate? candidate, int index, ValidationErrors errors)
    {
        if (candidate is null)
        {
            errors.Add($"candidates[{index}]", "A candidate cannot be null.");
        }
        else
        {
            ValidateCandidate(candidate, FieldPath.Root("candidates", index), errors);
        }
    }

    /// <summary>Ids in request order; a repeat is reported where it appears again.</summary>
    public static void CheckUniqueIds(IReadOnlyList<string?> ids, ValidationErrors errors)
    {
        var seen = new HashSet<string>(ids.Count, StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(ids[i]) && !seen.Add(ids[i]!))
            {
                errors.Add($"candidates[{i}].id", "Candidate ids must be unique; this id appears earlier in the list.");
            }
        }
    }

    public void ValidateMission(Mission mission, string root, ValidationErrors errors)
    {
        var path = FieldPath.Root(root);
        if (mission.Id is not null && !Ids.IsValid(mission.Id))
        {
            errors.Add(path.Field("id"), Ids.Rule);
        }

        CheckText(mission.Title, path.Field("title"), errors);
        CheckText(mission.Location, path.Field("location"), errors);
        CheckDescription(mission.Description, path.Field("description"), errors);
        if (mission.Skills is not { Count: > 0 })
        {
            if (string.IsNullOrWhiteSpace(mission.Description))
            {
                errors.Add(path.Field("skills"), "A mission needs at least one required skill, or a description that names some.");
            }
        }
        else if (mission.Skills.Count > limits.MaxSkills)
        {
            errors.Add(path.Field("skills"), $"At most {limits.MaxSkills} skills are allowed.");
        }
        else
        {
            for (var i = 0; i < mission.Skills.Count; i++)
            {
                var skillPath = path.Item("skills", i);
                var skill = mission.Skills[i];
                if (skill is null)
                {
                    errors.Add(skillPath, "A skill cannot be null.");
                    continue;
                }

                CheckName(skill.Name, skillPath.Field("name"), errors);
                CheckLevel(skill.Level, skillPath.Field("level"), errors);
                if (skill.Weight is { } weight && !(weight > 0 && weight <= 1000 && double.IsFinite(weight)))
                {
                    errors.Add(skillPath.Field("weight"), "Weight must be greater than 0 and at most 1000.");
                }
            }
        }

        CheckWindow(mission.Start, mission.End, path.Field("start"), path.Field("end"), endRequired: true, errors);
        if (mission.Start is { } missionStart && mission.End is { } missionEnd && missionEnd.DayNumber - missionStart.DayNumber > MaxMissionDays)
        {
            errors.Add(path.Field("end"), $"A mission lasts at most {MaxMissionDays / 365} years.");
        }
        if (mission.Capacity is not { } capacity)
        {
            errors.Add(path.Field("capacity"), "Capacity (share of full time the mission needs) is required.");
        }
        else if (!(capacity >= MinCapacity && capacity <= 1))
        {
            errors.Add(path.Field("capacity"), $"Capacity must be between {MinCapacity} (one percent of full time) and 1.");
        }

        CheckLanguages(mission.Languages, path.Field("languages"), errors);
    }

    public void ValidateCandidate(Candidate candidate, string root, ValidationErrors errors) =>
        ValidateCandidate(candidate, FieldPath.Root(root), errors);

    /// <summary>A candidate at <paramref name="path"/>, spelt out only if something is wrong.</summary>
    void ValidateCandidate(Candidate candidate, FieldPath path, ValidationErrors errors)
    {
        if (!Ids.IsValid(candidate.Id))
        {
            errors.Add(path.Field("id"), candidate.Id is null ? "A candidate id is required. " + Ids.Rule : Ids.Rule);
        }

        CheckText(candidate.Location, path.Field("location"), errors);
        if (CheckCount(candidate.Skills, limits.MaxSkills, path.Field("skills"), "skills", errors))
        {
            for (var i = 0; i < candidate.Skills!.Count; i++)
            {
                var skillPath = path.Item("skills", i);
                var skill = candidate.Skills[i];
                if (skill is null)
                {
                    errors.Add(skillPath, "A skill cannot be null.");
                    continue;
                }

                CheckName(skill.Name, skillPath.Field("name"), errors);
                if (skill.Level is null)
                {
                    errors.Add(skillPath.Field("level"), "A level between 1 and 5 is required.");
                }
                else
                {
                    CheckLevel(skill.Level, skillPath.Field("level"), errors);
                }

                if (skill.LastUsed is { } lastUsed && !Plausible(lastUsed))
                {
                    errors.Add(skillPath.Field("lastUsed"), PlausibleDates);
                }

                if (skill.Years is { } years && !(years >= 0 && years <= 70))
                {
                    errors.Add(skillPath.Field("years"), "Years must be between 0 and 70.");
                }
            }
        }

        if (CheckCount(candidate.Experiences, limits.MaxExperiences, path.Field("experiences"), "experiences", errors))
        {
            for (var i = 0; i < candidate.Experiences!.Count; i++)
            {
                var experiencePath = path.Item("experiences", i);
                var experience = candidate.Experiences[i];
                if (experience is null)
                {
                    errors.Add(experiencePath, "An experience cannot be null.");
                    continue;
                }

                CheckText(experience.Title, experiencePath.Field("title"), errors);
                CheckDescription(experience.Description, experiencePath.Field("description"), errors);
                if (experience.Skills is { } names && !NamesAreValid(names))
                {
                    // Only a faulty list pays for the nested path.
                    CheckNames(names, FieldPath.Root($"{path}.experiences[{i}]").Field("skills"), errors);
                }

                CheckWindow(experience.Start, experience.End, experiencePath.Field("start"), experiencePath.Field("end"), endRequired: false, errors);
                if (experience.Rating is { } rating && (rating < 1 || rating > 5))
                {
                    errors.Add(experiencePath.Field("rating"), "Rating must be between 1 and 5.");
                }
            }
        }

        if (CheckCount(candidate.Availability, limits.MaxAvailabilityWindows, path.Field("availability"), "availability windows", errors))
        {
            for (var i = 0; i < candidate.Availability!.Count; i++)
            {
                var windowPath = path.Item("availability", i);
                var window = candidate.Availability[i];
                if (window is null)
                {
                    errors.Add(windowPath, "An availability window cannot be null.");
                    continue;
                }

                CheckWindow(window.From, window.To, windowPath.Field("from"), windowPath.Field("to"), endRequired: true, errors);
                if (window.Capacity is not { } capacity)
                {
                    errors.Add(windowPath.Field("capacity"), "Capacity (free share of full time) is required.");
                }
                else if (!(capacity == 0 || capacity >= MinCapacity && capacity <= 1))
                {
                    errors.Add(windowPath.Field("capacity"), $"Capacity must be 0 (no free time) or between {MinCapacity} and 1.");
                }
            }
        }

        CheckNames(candidate.Aspirations, path.Field("aspirations"), errors);
        CheckLanguages(candidate.Languages, path.Field("languages"), errors);
        if (candidate.ActiveMissions is { } active && (active < 0 || active > 100))
        {
            errors.Add(path.Field("activeMissions"), "Active missions must be between 0 and 100.");
        }
    }

    bool NamesAreValid(List<string> names)
    {
        if (names.Count > limits.MaxSkills)
        {
            return false;
        }

        foreach (var name in names)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length > limits.MaxTextLength || !SkillKeys.HasKey(name))
            {
                return false;
            }
        }

        return true;
    }

    static bool CheckCount<T>(List<T>? items, int max, FieldPath path, string what, ValidationErrors errors)
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

    /// <summary>A list of skill names at <paramref name="list"/>, whose items are addressed as <c>list[i]</c>.</summary>
    void CheckNames(List<string>? names, FieldPath list, ValidationErrors errors)
    {
        if (!CheckCount(names, limits.MaxSkills, list, "skills", errors))
        {
            return;
        }

        for (var i = 0; i < names!.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(names[i]) || names[i].Length > limits.MaxTextLength || !SkillKeys.HasKey(names[i]))
            {
                CheckName(names[i], FieldPath.Root($"{list}[{i}]"), errors);
            }
        }
    }

    void CheckName(string? name, FieldPath path, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(path, "A skill name is required and cannot be blank.");
        }
        else if (!SkillKeys.HasKey(name))
        {
            errors.Add(path, "A skill name needs at least one letter or digit.");
        }
        else
        {
            CheckText(name, path, errors);
        }
    }

    void CheckDescription(string? text, FieldPath path, ValidationErrors errors)
    {
        if (text is not null && text.Length > limits.MaxDescriptionLength)
        {
            errors.Add(path, $"At most {limits.MaxDescriptionLength} characters are allowed.");
        }
    }

    void CheckText(string? text, FieldPath path, ValidationErrors errors)
    {
        if (text is not null && text.Length > limits.MaxTextLength)
        {
            errors.Add(path, $"At most {limits.MaxTextLength} characters are allowed.");
        }
    }

    static void CheckLevel(int? level, FieldPath path, ValidationErrors errors)
    {
        if (level is { } value && (value < 1 || value > 5))
        {
            errors.Add(path, "Level must be between 1 and 5.");
        }
    }

    /// <summary>The smallest share of full time that means something (1%): 1e-300 is a typo or a probe, not a commitment.</summary>
    public const double MinCapacity = 0.01;

    /// <summary>A mission lasts at most ten years.</summary>
    const int MaxMissionDays = 3653;

    static readonly DateOnly EarliestDate = new(1900, 1, 1);
    static readonly DateOnly LatestDate = new(2200, 12, 31);
    const string PlausibleDates = "Dates must lie between 1900-01-01 and 2200-12-31.";

    static bool Plausible(DateOnly date) => date >= EarliestDate && date <= LatestDate;

    static void CheckWindow(DateOnly? start, DateOnly? end, FieldPath startPath, FieldPath endPath, bool endRequired, ValidationErrors errors)
    {
        if (start is null)
        {
            errors.Add(startPath, "A start date (yyyy-MM-dd) is required.");
        }
        else if (!Plausible(start.Value))
        {
            errors.Add(startPath, PlausibleDates);
        }

        if (end is { } last && !Plausible(last))
        {
            errors.Add(endPath, PlausibleDates);
            return;
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

    static void CheckLanguages(List<string>? languages, FieldPath path, ValidationErrors errors)
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
                errors.Add(FieldPath.Root($"{path}[{i}]"), "Languages are ISO 639-1 two-letter codes, such as \"en\" or \"fr\".");
            }
        }
    }
}
