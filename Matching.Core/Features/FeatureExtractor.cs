using Matching.Core.Contracts;

namespace Matching.Core.Features;

/// <summary>
/// The one feature extractor: the service calls it to rank, training calls it to learn, evaluation to
/// measure. It reads a validated candidate against a resolved mission; see <see cref="FeatureSchema"/>
/// for what each feature means.
/// </summary>
public static class FeatureExtractor
{
    /// <summary>Level credited for a skill seen only in experiences: 2, or 3 after two years of use.</summary>
    const int InferredLevel = 2;
    const int InferredLevelExperienced = 3;
    const double InferredExperiencedYears = 2;
    const float UnknownRecency = 0.5f;
    const double RecencyScaleYears = 3;
    const double DaysPerYear = 365.25;

    public static CandidateEvidence Assess(MissionProfile mission, Candidate candidate, Span<float> features)
    {
        if (features.Length != FeatureSchema.Count)
        {
            throw new ArgumentException($"Expected {FeatureSchema.Count} feature slots.", nameof(features));
        }

        var evidence = new CandidateEvidence(mission.Skills.Count);
        var experienceCount = candidate.Experiences?.Count ?? 0;
        Span<float> shares = experienceCount <= 64 ? stackalloc float[experienceCount] : new float[experienceCount];
        AddDeclaredSkills(mission, candidate, evidence);
        AddExperiences(mission, candidate, evidence, shares);
        AddAspirations(mission, candidate, evidence);

        WriteSkillFeatures(mission, evidence, features);
        WriteExperienceFeatures(mission, candidate, shares, evidence, features);
        WriteAvailabilityFeatures(mission, candidate, evidence, features);
        WriteAspirationFeatures(mission, evidence, features);
        WriteContextFeatures(mission, candidate, evidence, features);
        ApplyExclusionRules(mission, candidate, evidence);
        return evidence;
    }

    static void AddDeclaredSkills(MissionProfile mission, Candidate candidate, CandidateEvidence evidence)
    {
        if (candidate.Skills is not { } skills)
        {
            return;
        }

        Span<int> ids = skills.Count <= 128 ? stackalloc int[skills.Count] : new int[skills.Count];
        mission.Space.ResolveList(skills, static s => s.Name!, ids);
        for (var k = 0; k < skills.Count; k++)
        {
            var skill = skills[k];
            var id = ids[k];
            if (id >= 0 && mission.TryGetBearings(id, out var bearings))
            {
                foreach (var bearing in bearings)
                {
                    if (bearing.Relation is null)
                    {
                        evidence.Source[bearing.RequiredIndex] |= SkillSource.Declared;
                    }
                }

                // Unknown counts 0.5 and the best of several statements wins, so more information never lowers a feature.
                var recency = skill.LastUsed is { } lastUsed ? Recency(lastUsed, mission.Start) : UnknownRecency;
                Hold(mission, evidence, id, bearings, skill.Level!.Value, (float)(skill.Years ?? 0), recency);
            }
        }
    }

    /// <summary>Credits skills used in experiences and writes each experience's share of the required weight.</summary>
    static void AddExperiences(MissionProfile mission, Candidate candidate, CandidateEvidence evidence, Span<float> shares)
    {
        if (candidate.Experiences is not { Count: > 0 } experiences)
        {
            return;
        }

        List<(int Id, int Order, double Years, DateOnly LastUsed)>? used = null;
        Span<bool> touched = mission.Skills.Count <= 128 ? stackalloc bool[mission.Skills.Count] : new bool[mission.Skills.Count];
        for (var e = 0; e < experiences.Count; e++)
        {
            var experience = experiences[e];
            var names = experience.Skills ?? [];
            var described = string.IsNullOrWhiteSpace(experience.Description) ? [] : mission.Space.Extract(experience.Description);
            if (names.Count == 0 && described.Count == 0)
            {
                continue;
            }

            var years = DurationYears(experience.Start!.Value, experience.End, mission.Start);
            var lastUsed = experience.End is { } end && end < mission.Start ? end : mission.Start;
            touched.Clear();
            var ids = new int[names.Count + described.Count];
            mission.Space.ResolveList(names, static name => name, ids);
            described.CopyTo(ids, names.Count);
            for (var n = 0; n < ids.Length; n++)
            {
                var fromDescription = n >= names.Count;
                var id = ids[n];
                if (id < 0 || !mission.TryGetBearings(id, out var bearings))
                {
                    continue;
                }

                foreach (var bearing in bearings)
                {
                    if (bearing.Relation is null)
                    {
                        evidence.Source[bearing.RequiredIndex] |= fromDescription ? SkillSource.Description | SkillSource.Experience : SkillSource.Experience;
                    }
                }

                // Appended, merged once sorted: 100 descriptions may each name a thousand skills near the mission's.
                used ??= [];
                used.Add((id, used.Count, years, lastUsed));

                foreach (var bearing in bearings)
                {
                    if (bearing.Relation is null && !touched[bearing.RequiredIndex])
                    {
                        touched[bearing.RequiredIndex] = true;
                        shares[e] += mission.Skills[bearing.RequiredIndex].Weight / mission.TotalWeight;
                    }
                }
            }
        }

        if (used is null)
        {
            return;
        }

        // Sorted so the same candidate always yields the same evidence, whatever the order of their experiences; a skill's
        // years are summed in the order its experiences came.
        used.Sort(static (a, b) => a.Id != b.Id ? a.Id.CompareTo(b.Id) : a.Order.CompareTo(b.Order));
        for (var i = 0; i < used.Count;)
        {
            var (id, _, years, lastUsed) = used[i];
            for (i++; i < used.Count && used[i].Id == id; i++)
            {
                years += used[i].Years;
                lastUsed = used[i].LastUsed > lastUsed ? used[i].LastUsed : lastUsed;
            }

            var level = years >= InferredExperiencedYears ? InferredLevelExperienced : InferredLevel;
            mission.TryGetBearings(id, out var bearings);
            Hold(mission, evidence, id, bearings, level, (float)years, Recency(lastUsed, mission.Start));
        }
    }

    static void Hold(MissionProfile mission, CandidateEvidence evidence, int skillId, Bearing[] bearings, int level, float years, float recency)
    {
        foreach (var bearing in bearings)
        {
            var r = bearing.RequiredIndex;
            if (bearing.Relation is null)
            {
                evidence.Level[r] = Math.Max(evidence.Level[r], level);
                evidence.Years[r] = Math.Max(evidence.Years[r], years);
                evidence.Recency[r] = Math.Max(evidence.Recency[r], recency);
            }
            else
            {
                var credit = bearing.Credit * CandidateEvidence.LevelFactor(level, mission.Skills[r].Level);
                // Ties go to the lower skill id so the explanation does not depend on input order.
                if (credit > evidence.Adjacent[r] || (credit == evidence.Adjacent[r] && credit > 0 && skillId < evidence.AdjacentSkill[r]))
                {
                    evidence.Adjacent[r] = credit;
                    evidence.AdjacentSkill[r] = skillId;
                    evidence.AdjacentRelation[r] = bearing.Relation.Value;
                }
            }
        }
    }

    static void AddAspirations(MissionProfile mission, Candidate candidate, CandidateEvidence evidence)
    {
        if (candidate.Aspirations is not { } aspirations)
        {
            return;
        }

        Span<int> ids = aspirations.Count <= 128 ? stackalloc int[aspirations.Count] : new int[aspirations.Count];
        mission.Space.ResolveList(aspirations, static name => name, ids);
        foreach (var id in ids)
        {
            if (id >= 0 && mission.TryGetBearings(id, out var bearings))
            {
                foreach (var bearing in bearings)
                {
                    evidence.Aspiration[bearing.RequiredIndex] = Math.Max(evidence.Aspiration[bearing.RequiredIndex], bearing.Credit);
                }
            }
        }
    }

    static void WriteSkillFeatures(MissionProfile mission, CandidateEvidence evidence, Span<float> features)
    {
        double coverage = 0, withAdjacent = 0, adjacent = 0, recency = 0, years = 0, mandatoryGap = 0;
        var mandatory = 0;
        for (var r = 0; r < mission.Skills.Count; r++)
        {
            var skill = mission.Skills[r];
            var weight = skill.Weight / mission.TotalWeight;
            var held = CandidateEvidence.LevelFactor(evidence.Level[r], skill.Level);
            coverage += weight * held;
            withAdjacent += weight * Math.Max(held, evidence.Adjacent[r]);
            adjacent += weight * evidence.Adjacent[r];
            if (evidence.Level[r] > 0)
            {
                recency += weight * evidence.Recency[r];
                years += weight * Math.Min(evidence.Years[r], 10) / 10;
            }

            if (skill.Mandatory)
            {
                mandatory++;
                mandatoryGap += 1 - held;
            }
        }

        features[FeatureSchema.SkillCoverage] = (float)coverage;
        features[FeatureSchema.SkillCoverageWithAdjacent] = (float)withAdjacent;
        features[FeatureSchema.AdjacentCredit] = (float)adjacent;
        features[FeatureSchema.MandatoryGap] = mandatory == 0 ? 0 : (float)(mandatoryGap / mandatory);
        features[FeatureSchema.SkillRecency] = (float)recency;
        features[FeatureSchema.SkillYears] = (float)years;
    }

    static void WriteExperienceFeatures(MissionProfile mission, Candidate candidate, ReadOnlySpan<float> shares, CandidateEvidence evidence, Span<float> features)
    {
        var experiences = candidate.Experiences;
        double related = 0, relatedYears = 0, ratingSum = 0, ratingWeight = 0;
        double? monthsSince = null;
        for (var e = 0; e < shares.Length; e++)
        {
            if (shares[e] <= 0)
            {
                continue;
            }

            var experience = experiences![e];
            evidence.RelatedExperiences++;
            related += shares[e];
            relatedYears += shares[e] * DurationYears(experience.Start!.Value, experience.End, mission.Start);
            if (experience.Rating is { } rating)
            {
                ratingSum += shares[e] * rating;
                ratingWeight += shares[e];
            }

            var months = experience.End is { } end && end < mission.Start ? (mission.Start.DayNumber - end.DayNumber) / (DaysPerYear / 12) : 0;
            monthsSince = monthsSince is null ? months : Math.Min(monthsSince.Value, months);
        }

        evidence.MeanRelatedRating = ratingWeight > 0 ? ratingSum / ratingWeight : null;
        double described = 0;
        for (var r = 0; r < mission.Skills.Count; r++)
        {
            if ((evidence.Source[r] & SkillSource.Description) != 0)
            {
                described += mission.Skills[r].Weight / mission.TotalWeight;
            }
        }

        features[FeatureSchema.DescribedSkillCoverage] = (float)described;
        features[FeatureSchema.RelatedExperience] = (float)Math.Min(related, 10);
        features[FeatureSchema.RelatedExperienceYears] = (float)Math.Min(relatedYears, 20);
        features[FeatureSchema.RelatedExperienceRating] = evidence.MeanRelatedRating is { } mean ? (float)mean : float.NaN;
        features[FeatureSchema.MonthsSinceRelatedExperience] = monthsSince is { } m ? (float)m : float.NaN;
    }

    static void WriteAvailabilityFeatures(MissionProfile mission, Candidate candidate, CandidateEvidence evidence, Span<float> features)
    {
        evidence.AvailabilityUnknown = candidate.Availability is null;
        evidence.AvailabilityCoverage = candidate.Availability is { } windows ? AvailabilityCoverage(mission, windows) : 1;
        evidence.ActiveMissions = candidate.ActiveMissions ?? 0;
        features[FeatureSchema.AvailabilityCoverage] = (float)evidence.AvailabilityCoverage;
        features[FeatureSchema.AvailabilityUnknown] = evidence.AvailabilityUnknown ? 1 : 0;
        features[FeatureSchema.ActiveMissions] = evidence.ActiveMissions;
    }

    /// <summary>
    /// Share of the mission's days on which the candidate is free for the capacity asked; a day free for
    /// less counts free/asked. Overlapping windows do not add up: a day is as free as its freest window.
    /// Computed over the window boundaries, not day by day, so a ten-year mission costs no more.
    /// </summary>
    public static double AvailabilityCoverage(MissionProfile mission, IReadOnlyList<AvailabilityWindow> windows)
    {
        int first = mission.Start.DayNumber, last = mission.End.DayNumber;
        Span<int> bounds = windows.Count <= 64 ? stackalloc int[windows.Count * 2 + 2] : new int[windows.Count * 2 + 2];
        var count = 0;
        bounds[count++] = first;
        bounds[count++] = last + 1;
        foreach (var window in windows)
        {
            var from = window.From!.Value.DayNumber;
            var to = window.To!.Value.DayNumber;
            if (to >= first && from <= last && window.Capacity > 0)
            {
                bounds[count++] = Math.Max(from, first);
                bounds[count++] = Math.Min(to, last) + 1;
            }
        }

        var cuts = bounds[..count];
        cuts.Sort();
        double covered = 0;
        for (var i = 0; i + 1 < cuts.Length; i++)
        {
            int segmentStart = cuts[i], segmentEnd = cuts[i + 1];
            if (segmentEnd <= segmentStart)
            {
                continue;
            }

            double free = 0;
            foreach (var window in windows)
            {
                if (window.From!.Value.DayNumber <= segmentStart && window.To!.Value.DayNumber >= segmentEnd - 1)
                {
                    free = Math.Max(free, window.Capacity!.Value);
                }
            }

            covered += (segmentEnd - segmentStart) * Math.Min(1, free / mission.Capacity);
        }

        return covered / (last - first + 1);
    }

    static void WriteAspirationFeatures(MissionProfile mission, CandidateEvidence evidence, Span<float> features)
    {
        double match = 0;
        for (var r = 0; r < mission.Skills.Count; r++)
        {
            match += mission.Skills[r].Weight / mission.TotalWeight * evidence.Aspiration[r];
        }

        features[FeatureSchema.AspirationMatch] = (float)match;
    }

    static void WriteContextFeatures(MissionProfile mission, Candidate candidate, CandidateEvidence evidence, Span<float> features)
    {
        var location = MissionProfile.NormaliseLocation(candidate.Location);
        evidence.Location = location;
        evidence.LocationUnknown = location is null;
        features[FeatureSchema.LocationFit] =
            mission.Remote || mission.Location is null ? 1
            : location is null ? float.NaN
            : location == mission.Location ? 1 : 0;

        evidence.LanguagesUnknown = candidate.Languages is null;
        if (candidate.Languages is not null && mission.Languages.Count > 0)
        {
            evidence.SharedLanguages = SharedLanguages(mission, candidate.Languages);
        }

        features[FeatureSchema.LanguageFit] =
            mission.Languages.Count == 0 ? 1
            : candidate.Languages is null ? float.NaN
            : (float)evidence.SharedLanguages.Count / mission.Languages.Count;
    }

    static void ApplyExclusionRules(MissionProfile mission, Candidate candidate, CandidateEvidence evidence)
    {
        if (!evidence.AvailabilityUnknown && evidence.AvailabilityCoverage <= 0)
        {
            evidence.Exclude(ExclusionCodes.Unavailable, $"No free time at all between {mission.Start:yyyy-MM-dd} and {mission.End:yyyy-MM-dd}.");
        }

        List<string>? missing = null;
        for (var r = 0; r < mission.Skills.Count; r++)
        {
            if (mission.Skills[r].Mandatory && evidence.Level[r] == 0)
            {
                (missing ??= []).Add(mission.Skills[r].Label);
            }
        }

        if (missing is not null)
        {
            evidence.Exclude(ExclusionCodes.MissingMandatorySkill, $"Lacks mandatory skill{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}.");
        }

        if (mission.Languages.Count > 0 && candidate.Languages is not null && evidence.SharedLanguages.Count == 0)
        {
            evidence.Exclude(ExclusionCodes.NoSharedLanguage, $"Speaks none of the mission's languages ({string.Join(", ", mission.Languages)}).");
        }
    }

    static List<string> SharedLanguages(MissionProfile mission, List<string> languages)
    {
        var shared = new List<string>(mission.Languages.Count);
        foreach (var language in mission.Languages)
        {
            if (languages.Exists(l => string.Equals(l, language, StringComparison.OrdinalIgnoreCase)))
            {
                shared.Add(language);
            }
        }

        return shared;
    }

    static float Recency(DateOnly lastUsed, DateOnly reference)
    {
        var years = Math.Max(0, reference.DayNumber - lastUsed.DayNumber) / DaysPerYear;
        return (float)Math.Exp(-years / RecencyScaleYears);
    }

    /// <summary>Years an experience lasted before the mission starts; ongoing ones run up to the start.</summary>
    static double DurationYears(DateOnly start, DateOnly? end, DateOnly reference)
    {
        var until = end is { } e && e < reference ? e : reference;
        return Math.Max(0, until.DayNumber - start.DayNumber) / DaysPerYear;
    }
}

/// <summary>Machine-readable reasons a candidate was not ranked.</summary>
public static class ExclusionCodes
{
    public const string Unavailable = "unavailable";
    public const string MissingMandatorySkill = "missing_mandatory_skill";
    public const string NoSharedLanguage = "no_shared_language";
}
