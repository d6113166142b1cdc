using System.Globalization;
using Matching.Core.Contracts;
using Matching.Core.History;
using Matching.Core.Skills;

namespace Matching.Training.Generation;

/// <summary>
/// A synthetic organisation, its people and its missions, and the latent process (an <see cref="OutcomeProcess"/>,
/// one per world) that decides who is proposed, who declines, who is shortlisted, who is staffed and how it went.
/// Everything is drawn from seeded generators, one per person and per mission, so the output is the same
/// for a given seed and world whatever the thread count. See docs/synthetic-history.md for the assumptions; it is synthetic data.
/// </summary>
public sealed class StaffingWorld
{
    const int PersonStream = 1, MissionStream = 2, SnapshotStream = 3;

    /// <summary>In-house tools no public taxonomy knows: they exercise literal (unrecognised) skills.</summary>
    static readonly string[] InHouseSkills = ["Acme Billing Platform", "Orion Data Lake", "Helios CRM"];

    static readonly string[] ProjectNouns =
    [
        "platform migration", "customer onboarding revamp", "quarterly planning", "data quality programme", "regulatory audit",
        "cost reduction study", "new market launch", "internal tooling", "analytics dashboard", "process redesign",
    ];

    static readonly double[] MissionCapacities = [0.2, 0.4, 0.5, 0.5, 0.6, 0.8, 0.8, 1.0, 1.0, 1.0];

    readonly Organisation organisation;
    readonly SkillCatalog catalog;
    readonly OutcomeProcess process;
    readonly int seed;
    readonly Person[] people;
    readonly List<int>[] peopleByOccupation;

    /// <param name="process">The latent outcome process, which also decides how people write skill names (default: <see cref="OutcomeProcess.Base"/>, today's world).</param>
    public StaffingWorld(SkillCatalog catalog, int seed, int population, OutcomeProcess? process = null)
    {
        this.catalog = catalog;
        this.process = process ?? OutcomeProcess.Base;
        this.seed = seed;
        organisation = Organisation.Create(catalog, new Random(seed));
        people = new Person[population];
        Parallel.For(0, population, i => people[i] = CreatePerson(i));
        peopleByOccupation = [.. Enumerable.Range(0, organisation.Occupations.Length).Select(_ => new List<int>())];
        for (var i = 0; i < population; i++)
        {
            peopleByOccupation[people[i].Occupation].Add(i);
        }
    }

    public OutcomeProcess Process => process;

    public static DateOnly HistoryStart { get; } = new(2023, 1, 2);

    public static DateOnly HistoryEnd { get; } = new(2025, 12, 31);

    /// <summary>The decision date of sample requests: after the history, so the model is used on the future.</summary>
    public static DateOnly SampleDate { get; } = new(2026, 1, 5);

    /// <summary>Historical mission number <paramref name="index"/>, with its candidates and their outcomes.</summary>
    public HistoricalMission HistoricalMission(int index, int? candidatesPerMission = null) => Generate(index, candidatesPerMission).Mission;

    /// <summary>
    /// Historical mission number <paramref name="index"/> (the same as <see cref="HistoricalMission"/>), and the true
    /// utility of each of its candidates under the world's process: the oracle, kept out of the history.
    /// </summary>
    public (HistoricalMission Mission, OracleLine Oracle) HistoricalMissionWithOracle(int index, int? candidatesPerMission = null) => Generate(index, candidatesPerMission);

    (HistoricalMission Mission, OracleLine Oracle) Generate(int index, int? candidatesPerMission)
    {
        var random = RandomExtensions.For(seed, MissionStream, index);
        var decidedAt = random.Between(HistoryStart, HistoryEnd);
        var (mission, occupation, required) = CreateMission(random, $"m-{index + 1:D6}", decidedAt);
        var poolSize = candidatesPerMission ?? random.Next(20, 61);
        var pool = DrawPool(random, occupation, poolSize);
        var snapshots = pool.Select(p => Snapshot(people[p], mission, decidedAt, RandomExtensions.For(seed, SnapshotStream, index * 7919 + p))).ToList();
        var decision = process.Decide(random, new DecisionInput(catalog, mission, required, [.. pool.Select(p => people[p])], snapshots));
        var outcomes = decision.Outcomes;
        return (new HistoricalMission
        {
            Mission = mission,
            DecidedAt = decidedAt,
            Candidates = [.. snapshots.Select((s, i) => new HistoricalCandidate { Candidate = s, Outcome = outcomes[i].Outcome, Rating = outcomes[i].Rating })],
        }, OracleLine.Of(mission.Id!, snapshots, decision.Utilities));
    }

    /// <summary>A POST /v1/match body for a mission decided on <see cref="SampleDate"/>, with <paramref name="candidates"/> people.</summary>
    public MatchRequest SampleRequest(int candidates, int top = 10, int index = 0)
    {
        var random = RandomExtensions.For(seed, MissionStream, -1 - index);
        var (mission, occupation, _) = CreateMission(random, $"mission-{SampleDate:yyyy}-{index + 1:D3}", SampleDate);
        var pool = DrawPool(random, occupation, Math.Min(candidates, people.Length));
        return new MatchRequest
        {
            Mission = mission,
            Candidates = [.. pool.Select(p => Snapshot(people[p], mission, SampleDate, RandomExtensions.For(seed, SnapshotStream, -1 - p)))],
            Top = top,
            Explain = true,
        };
    }

    Person CreatePerson(int index)
    {
        var random = RandomExtensions.For(seed, PersonStream, index);
        var occupation = random.Next(organisation.Occupations.Length);
        var secondary = random.Chance(0.3) ? organisation.Related[occupation][random.Next(Math.Min(4, organisation.Related[occupation].Length))] : -1;
        var seniority = random.NextDouble();
        var careerYears = 1 + 24 * Math.Pow(seniority, 1.3);
        var careerStart = DateOnly.FromDayNumber(SampleDate.DayNumber - (int)(careerYears * 365.25));
        var performance = random.Gaussian();
        var skills = new Dictionary<int, PersonSkill>();

        void Learn(int id, double probability, double levelShift)
        {
            if (skills.ContainsKey(id) || !random.Chance(probability))
            {
                return;
            }

            var level = RandomExtensions.Clamp(1 + 3.2 * seniority + levelShift + random.Gaussian(0, 0.8), 1, 5);
            var declared = Math.Clamp(level + (random.Chance(0.25) ? 1 : random.Chance(0.12) ? -1 : 0), 1, 5);
            var since = DateOnly.FromDayNumber(careerStart.DayNumber + (int)(random.NextDouble() * 0.7 * careerYears * 365.25));
            skills[id] = new PersonSkill(id, WrittenName(random, id), level, declared, since);
        }

        var job = organisation.Occupations[occupation];
        foreach (var id in job.Essential)
        {
            Learn(id, 0.8, 0);
        }

        foreach (var id in job.Optional)
        {
            Learn(id, 0.25, -0.8);
        }

        foreach (var id in job.Technologies)
        {
            Learn(id, 0.5, 0);
        }

        if (secondary >= 0)
        {
            foreach (var id in organisation.Occupations[secondary].Essential)
            {
                Learn(id, 0.35, -0.8);
            }
        }

        if (occupation % 5 == 0)
        {
            Learn(InHouseId(occupation % InHouseSkills.Length), 0.5, 0);
        }

        var declaredCount = random.Next(6, 11);
        var declaredSkills = skills.Values
            .OrderByDescending(s => s.TrueLevel + 1.5 * random.NextDouble() + (s.SkillId < catalog.ConceptCount && catalog.Kind(s.SkillId) == SkillKind.Technology ? 0.5 : 0))
            .Take(declaredCount).Select(s => s.SkillId).ToList();
        var career = CreateCareer(random, careerStart, skills, performance, job.Label);
        var city = random.Next(Organisation.Cities.Length);
        var languages = new List<string>(Organisation.Cities[city].Languages);
        if (!languages.Contains("en") && random.Chance(0.85))
        {
            languages.Add("en");
        }

        if (random.Chance(0.15))
        {
            var other = random.Pick(Organisation.Cities).Languages[0];
            if (!languages.Contains(other))
            {
                languages.Add(other);
            }
        }

        var aspirationIds = new HashSet<int>();
        if (random.Chance(0.6))
        {
            var target = organisation.Occupations[organisation.Related[occupation][random.Next(Math.Min(6, organisation.Related[occupation].Length))]];
            var growth = target.Essential.Concat(target.Technologies).Where(id => !skills.TryGetValue(id, out var s) || s.TrueLevel <= 2).ToList();
            for (var k = random.Next(1, 4); k > 0 && growth.Count > 0; k--)
            {
                var pick = random.Next(growth.Count);
                aspirationIds.Add(growth[pick]);
                growth.RemoveAt(pick);
            }
        }

        return new Person
        {
            Id = $"emp-{index + 1:D5}",
            Occupation = occupation,
            Seniority = seniority,
            Performance = performance,
            Busyness = 0.5 * performance + random.Gaussian(0, 0.7),
            Choosiness = random.Gaussian(),
            PartTime = random.Chance(0.8) ? 1.0 : random.Chance(0.6) ? 0.8 : 0.5,
            City = city,
            Languages = languages,
            Skills = skills,
            Declared = declaredSkills,
            Career = career,
            AspirationIds = aspirationIds,
            Aspirations = [.. aspirationIds.Select(id => WrittenName(random, id))],
        };
    }

    List<Assignment> CreateCareer(Random random, DateOnly careerStart, Dictionary<int, PersonSkill> skills, double performance, string occupationLabel)
    {
        var career = new List<Assignment>();
        var held = skills.Keys.Order().ToArray();
        var day = careerStart.DayNumber + random.Next(0, 120);
        while (day < SampleDate.DayNumber + 180 && held.Length > 0)
        {
            var length = random.Next(60, 540);
            var start = DateOnly.FromDayNumber(day);
            var usable = held.Where(id => skills[id].Since <= start.AddDays(length)).ToArray();
            if (usable.Length > 0)
            {
                var used = usable.OrderBy(_ => random.Next()).Take(random.Next(3, 7)).Order().ToArray();
                int? rating = random.Chance(0.7) ? RandomExtensions.Clamp(3 + 0.9 * performance + random.Gaussian(0, 0.8), 1, 5) : null;
                career.Add(new Assignment($"{Capitalise(occupationLabel)}: {random.Pick(ProjectNouns)}", start, start.AddDays(length), used, rating));
            }

            day += length + random.Next(0, 90);
        }

        return career;
    }

    (Mission Mission, int Occupation, int[] Required) CreateMission(Random random, string id, DateOnly decidedAt)
    {
        var occupation = random.Next(organisation.Occupations.Length);
        var job = organisation.Occupations[occupation];
        var chosen = job.Essential.OrderBy(_ => random.Next()).Take(random.Next(3, 7)).ToList();
        if (job.Technologies.Length > 0 && random.Chance(0.5))
        {
            chosen.Add(random.Pick(job.Technologies));
        }

        if (occupation % 5 == 0 && random.Chance(0.3))
        {
            chosen.Add(InHouseId(occupation % InHouseSkills.Length));
        }

        var seniorMission = random.Chance(0.4);
        chosen = [.. chosen.Distinct()];
        var skills = chosen.Select((skill, i) => new MissionSkill
        {
            Name = process.MissionSkillName(random, catalog, skill, Label(skill)),
            Level = Math.Clamp(2 + (seniorMission ? 1 : 0) + (random.Chance(0.15) ? 1 : 0) - (random.Chance(0.2) ? 1 : 0), 1, 5),
            Weight = random.Chance(0.6) ? 1 : random.Chance(0.75) ? 2 : 3,
            Mandatory = i == 0 && random.Chance(0.3),
        }).ToList();

        var start = decidedAt.AddDays(random.Next(7, 46));
        var end = start.AddDays(7 * random.Next(4, 41) - 1);
        var city = random.Next(Organisation.Cities.Length);
        var languageDraw = random.NextDouble();
        var local = Organisation.Cities[city].Languages[0];
        List<string>? languages = languageDraw < 0.45 ? ["en"]
            : languageDraw < 0.65 ? [local]
            : languageDraw < 0.80 ? [.. new[] { local, "en" }.Distinct()]
            : null;
        return (new Mission
        {
            Id = id,
            Title = $"{Capitalise(job.Label)}: {random.Pick(ProjectNouns)}",
            Skills = skills,
            Start = start,
            End = end,
            Capacity = random.Pick(MissionCapacities),
            Location = Organisation.Cities[city].City,
            Remote = random.Chance(0.3),
            Languages = languages,
        }, occupation, [.. chosen]);
    }

    /// <summary>Who an HR platform would send: mostly people of the occupation, then of related ones, then anyone.</summary>
    int[] DrawPool(Random random, int occupation, int size)
    {
        var pool = new HashSet<int>();
        var same = peopleByOccupation[occupation];
        var related = organisation.Related[occupation].Take(5).SelectMany(o => peopleByOccupation[o]).ToList();
        var attempts = 0;
        while (pool.Count < size && attempts++ < size * 50)
        {
            var draw = random.NextDouble();
            var source = draw < 0.45 && same.Count > 0 ? same : draw < 0.75 && related.Count > 0 ? related : null;
            pool.Add(source is null ? random.Next(people.Length) : source[random.Next(source.Count)]);
        }

        for (var i = 0; pool.Count < size && i < people.Length; i++)
        {
            pool.Add(i);
        }

        return [.. pool.Order()];
    }

    /// <summary>The person as their profile stood on <paramref name="date"/>, with availability around the mission.</summary>
    Candidate Snapshot(Person person, Mission mission, DateOnly date, Random random)
    {
        var past = person.Career.Where(a => a.Start < date).ToList();
        var skills = person.Declared
            .Select(id => person.Skills[id])
            .Where(s => s.Since <= date)
            .Select(s =>
            {
                var lastUse = past.Where(a => a.Skills.Contains(s.SkillId)).Select(a => a.End < date ? a.End : date).DefaultIfEmpty(date.AddDays(-random.Next(30, 1500))).Max();
                return new CandidateSkill
                {
                    Name = s.Name,
                    Level = s.DeclaredLevel,
                    Years = random.Chance(0.8) ? Math.Round((date.DayNumber - s.Since.DayNumber) / 365.25 * 2) / 2 : null,
                    LastUsed = random.Chance(0.7) ? lastUse : null,
                };
            })
            .ToList();

        var active = Math.Min(4, Poisson(random, Math.Max(0.1, 0.7 + 0.5 * person.Busyness)));
        return new Candidate
        {
            Id = person.Id,
            Skills = skills,
            Experiences = [.. past.TakeLast(random.Next(1, 6)).Select(a => Snapshot(a, person, date, random))],
            Availability = Availability(person, mission, active, random),
            Aspirations = person.Aspirations.Count > 0 ? person.Aspirations : null,
            Location = Organisation.Cities[person.City].City,
            Languages = person.Languages,
            ActiveMissions = active,
        };
    }

    static readonly string[] EnglishDescriptions =
    [
        "Worked on {0} using {1}.",
        "Delivered {0}; day-to-day work involved {1}.",
        "Responsible for {0}, with hands-on {1}.",
    ];

    static readonly string[] FrenchDescriptions =
    [
        "Projet {0} : {1}.",
        "Participation au projet {0}, en s'appuyant sur {1}.",
    ];

    /// <summary>
    /// An assignment as the person wrote it up. Six in ten have a description in prose (English, or French one
    /// time in four) naming the catalog skills used; those people then list each used skill only 65% of the
    /// time, so some skills are evidenced by the description alone.
    /// </summary>
    Experience Snapshot(Assignment assignment, Person person, DateOnly date, Random random)
    {
        string? description = null;
        var listed = assignment.Skills;
        if (random.Chance(0.6))
        {
            var named = assignment.Skills.Where(id => id < catalog.ConceptCount).Select(id => ProseName(catalog.Label(id))).ToList();
            if (named.Count > 0)
            {
                var french = random.Chance(0.25);
                var list = named.Count == 1 ? named[0]
                    : string.Join(", ", named[..^1]) + (french ? " et " : " and ") + named[^1];
                description = string.Format(CultureInfo.InvariantCulture, random.Pick(french ? FrenchDescriptions : EnglishDescriptions), assignment.Title.ToLowerInvariant(), list);
                listed = [.. assignment.Skills.Where(_ => random.Chance(0.65))];
            }
        }

        return new Experience
        {
            Title = assignment.Title,
            Skills = [.. listed.Select(id => person.Skills[id].Name)],
            Start = assignment.Start,
            End = assignment.End < date ? assignment.End : null,
            Rating = assignment.End < date ? assignment.Rating : null,
            Description = description,
        };
    }

    /// <summary>A label as prose writes it: without its qualifier ("Python (computer programming)" is "Python").</summary>
    static string ProseName(string label) => SkillKeys.Unqualified(label) ?? label;

    static List<AvailabilityWindow>? Availability(Person person, Mission mission, int active, Random random)
    {
        if (random.Chance(0.08))
        {
            return null;
        }

        var start = mission.Start!.Value;
        var end = mission.End!.Value;
        var free = Math.Round(Math.Clamp(person.PartTime - 0.25 * active + random.Gaussian(0, 0.1), 0.1, 1) * 10) / 10;
        var draw = random.NextDouble();
        if (draw < 0.05)
        {
            return [new AvailabilityWindow { From = start.AddDays(-120), To = start.AddDays(-random.Next(1, 30)), Capacity = free }];
        }

        if (draw < 0.15)
        {
            var later = start.AddDays((int)((end.DayNumber - start.DayNumber) * (0.3 + 0.6 * random.NextDouble())));
            return [new AvailabilityWindow { From = later, To = end.AddDays(30), Capacity = free }];
        }

        if (draw < 0.30)
        {
            return [new AvailabilityWindow { From = start.AddDays(-7), To = end.AddDays(30), Capacity = free }];
        }

        var holiday = random.Between(start, end);
        var back = holiday.AddDays(random.Next(5, 21));
        var after = Math.Round(Math.Clamp(free + random.Gaussian(0, 0.15), 0.1, 1) * 10) / 10;
        return
        [
            new AvailabilityWindow { From = start.AddDays(-14), To = holiday.AddDays(-1), Capacity = free },
            new AvailabilityWindow { From = back, To = end.AddDays(30), Capacity = after },
        ];
    }

    int InHouseId(int index) => catalog.ConceptCount + index;

    string Label(int id) => id >= catalog.ConceptCount ? InHouseSkills[id - catalog.ConceptCount] : catalog.Label(id);

    /// <summary>How people write a skill on their profile: the world's process decides (see <see cref="OutcomeProcess.WrittenName"/>).</summary>
    string WrittenName(Random random, int id) => process.WrittenName(random, catalog, id, Label(id));

    static int Poisson(Random random, double lambda)
    {
        var limit = Math.Exp(-lambda);
        var k = 0;
        for (var p = random.NextDouble(); p > limit; p *= random.NextDouble())
        {
            k++;
        }

        return k;
    }

    static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
