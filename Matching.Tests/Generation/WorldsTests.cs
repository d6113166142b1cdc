using System.Text.Json;
using Matching.Api.Cli;
using Matching.Training.Generation;
using Matching.Core.History;
using Matching.Training;
using Matching.Core.Validation;

namespace Matching.Tests.Generation;

/// <summary>The synthetic worlds (base, thresholds, noisy) and the oracle of their true utilities.</summary>
public class WorldsTests
{
    const int Population = 400;

    static string Json(HistoricalMission mission) => JsonSerializer.Serialize(mission, HistoryJson.Default.HistoricalMission);

    static string Scratch(string name) => Path.Combine(Path.GetTempPath(), $"worlds-{name}-{Guid.NewGuid():N}");

    [Test]
    public void Thresholds_world_is_deterministic_for_a_seed() => AssertDeterministic(OutcomeProcess.Thresholds);

    [Test]
    public void Noisy_world_is_deterministic_for_a_seed() => AssertDeterministic(OutcomeProcess.Noisy);

    static void AssertDeterministic(OutcomeProcess process)
    {
        var one = Scratch("one");
        var two = Scratch("two");
        var other = Scratch("other");

        HistoryFile.Write(new StaffingWorld(TestCatalog.Shared, seed: 5, Population, process), 12, null, one, threads: 1, oraclePath: one + ".oracle");
        HistoryFile.Write(new StaffingWorld(TestCatalog.Shared, seed: 5, Population, process), 12, null, two, threads: 3, oraclePath: two + ".oracle");
        HistoryFile.Write(new StaffingWorld(TestCatalog.Shared, seed: 6, Population, process), 12, null, other, threads: 1);

        Assert.That(File.ReadAllBytes(two), Is.EqualTo(File.ReadAllBytes(one)));
        Assert.That(File.ReadAllBytes(two + ".oracle"), Is.EqualTo(File.ReadAllBytes(one + ".oracle")));
        Assert.That(File.ReadAllBytes(other), Is.Not.EqualTo(File.ReadAllBytes(one)));
    }

    [Test]
    public void Base_world_is_the_default_and_unchanged_by_naming_it()
    {
        var unnamed = new StaffingWorld(TestCatalog.Shared, seed: 3, Population);
        var named = new StaffingWorld(TestCatalog.Shared, seed: 3, Population, OutcomeProcess.Base);

        Assert.That(unnamed.Process, Is.SameAs(OutcomeProcess.Base));
        for (var i = 0; i < 5; i++)
        {
            Assert.That(Json(named.HistoricalMission(i)), Is.EqualTo(Json(unnamed.HistoricalMission(i))));
            Assert.That(Json(unnamed.HistoricalMissionWithOracle(i).Mission), Is.EqualTo(Json(unnamed.HistoricalMission(i))), "asking for the oracle changes nothing");
        }
    }

    [Test]
    public void Thresholds_world_has_the_base_worlds_people_and_missions_but_its_own_outcomes()
    {
        var baseWorld = new StaffingWorld(TestCatalog.Shared, seed: 3, Population);
        var thresholds = new StaffingWorld(TestCatalog.Shared, seed: 3, Population, OutcomeProcess.Thresholds);
        var differentOutcomes = 0;
        for (var i = 0; i < 20; i++)
        {
            var a = baseWorld.HistoricalMission(i);
            var b = thresholds.HistoricalMission(i);
            Assert.That(JsonSerializer.Serialize(b.Mission), Is.EqualTo(JsonSerializer.Serialize(a.Mission)));
            Assert.That(b.Candidates!.Select(c => JsonSerializer.Serialize(c.Candidate)), Is.EqualTo(a.Candidates!.Select(c => JsonSerializer.Serialize(c.Candidate))));
            differentOutcomes += a.Candidates!.Zip(b.Candidates!).Any(p => p.First.Outcome != p.Second.Outcome) ? 1 : 0;
        }

        Assert.That(differentOutcomes, Is.GreaterThan(10));
    }

    [TestCase("base")]
    [TestCase("thresholds")]
    [TestCase("noisy")]
    public void Every_world_writes_valid_history_through_the_staffing_funnel(string name)
    {
        var world = new StaffingWorld(TestCatalog.Shared, seed: 8, Population, OutcomeProcess.Named(name));
        var validator = new MatchRequestValidator(MatchLimits.Default);
        for (var i = 0; i < 30; i++)
        {
            var mission = world.HistoricalMission(i);
            var errors = HistoryReader.Validate(mission, validator);
            Assert.That(errors.IsEmpty, Is.True, errors.ToString());
            var outcomes = mission.Candidates!.Select(c => c.Outcome!.Value).ToList();
            Assert.That(outcomes.Count(o => o == Outcome.Staffed), Is.InRange(0, 2));
            Assert.That(outcomes.Count(o => o != Outcome.Rejected), Is.InRange(3, 10));
        }
    }

    [TestCase("base")]
    [TestCase("thresholds")]
    [TestCase("noisy")]
    public void Oracle_ranks_at_least_as_well_as_the_baseline(string name)
    {
        var world = new StaffingWorld(TestCatalog.Shared, seed: 11, Population, OutcomeProcess.Named(name));
        var generated = Enumerable.Range(0, 80).Select(i => world.HistoricalMissionWithOracle(i, 25)).ToList();
        var rows = generated.Select((g, i) => HistoryFeatures.Extract(new HistoryLine(i + 1, g.Mission), TestCatalog.Shared)).ToList();

        var report = OracleEvaluation.Evaluate(rows, generated.ToDictionary(g => g.Oracle.MissionId!, g => g.Oracle));

        Assert.That(report.Oracle.Missions, Is.EqualTo(80));
        Assert.That(report.Oracle.NdcgAt(10), Is.GreaterThanOrEqualTo(report.Baseline.NdcgAt(10)));
        Assert.That(report.Oracle.NdcgAt(10), Is.GreaterThan(0.7), "the staffing funnel mostly follows the true utility");
        Assert.That(report.OracleIgnoringRules.NdcgAt(10), Is.InRange(0.0, 1.0));
    }

    [Test]
    public void Oracle_file_round_trips_beside_an_unchanged_history()
    {
        var world = new StaffingWorld(TestCatalog.Shared, seed: 12, Population, OutcomeProcess.Noisy);
        var plain = Scratch("plain");
        var history = Scratch("history");
        var oracle = Scratch("oracle");

        HistoryFile.Write(world, 10, null, plain, threads: 2);
        HistoryFile.Write(world, 10, null, history, threads: 2, oraclePath: oracle);
        var read = OracleFile.Read(oracle);

        Assert.That(File.ReadAllBytes(history), Is.EqualTo(File.ReadAllBytes(plain)), "writing the oracle does not touch the history");
        Assert.That(File.ReadAllText(history), Does.Not.Contain("utilit"));
        Assert.That(read, Has.Count.EqualTo(10));
        for (var i = 0; i < 10; i++)
        {
            var (mission, truth) = world.HistoricalMissionWithOracle(i);
            var line = read[mission.Mission!.Id!];
            Assert.That(line.Utilities!.Keys, Is.EqualTo(mission.Candidates!.Select(c => c.Candidate!.Id)));
            Assert.That(line.Utilities, Is.EqualTo(truth.Utilities), "values survive the file exactly");
            Assert.That(line.Utilities!.Values.All(double.IsFinite), Is.True);
        }
    }

    [Test]
    public void Oracle_file_refuses_a_repeated_mission_or_a_missing_one()
    {
        var path = Scratch("repeated");
        var line = OracleFile.Serialize(new OracleLine { MissionId = "m-1", Utilities = new() { ["a"] = 1 } });
        File.WriteAllLines(path, [line, line]);

        Assert.That(() => OracleFile.Read(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains("repeats mission m-1"));

        var world = new StaffingWorld(TestCatalog.Shared, seed: 13, Population, OutcomeProcess.Thresholds);
        var mission = world.HistoricalMission(0);
        var rows = new[] { HistoryFeatures.Extract(new HistoryLine(1, mission), TestCatalog.Shared) };
        Assert.That(() => OracleEvaluation.Evaluate(rows, new Dictionary<string, OracleLine>()),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains(mission.Mission!.Id!));
    }

    [Test]
    public void Noisy_world_writes_skill_names_as_people_do_and_the_catalog_still_reads_most()
    {
        var catalog = TestCatalog.Shared;
        var kubernetes = TestCatalog.Id("Kubernetes");
        var names = SkillNameVariants.For(catalog);
        Assert.That(names.Aliases(kubernetes), Does.Contain("k8s"));
        Assert.That(names.Aliases(catalog.ConceptCount), Is.Empty, "in-house tools have no curated names");

        var random = new Random(1);
        var written = Enumerable.Range(0, 2000).Select(_ => OutcomeProcess.Noisy.WrittenName(random, catalog, kubernetes, catalog.Label(kubernetes))).ToList();
        var baseWritten = Enumerable.Range(0, 2000).Select(_ => OutcomeProcess.Base.WrittenName(random, catalog, kubernetes, catalog.Label(kubernetes))).ToList();

        Assert.That(written.Count(n => n != catalog.Label(kubernetes)), Is.GreaterThan(800), "aliases, typos and case");
        Assert.That(written.Count(n => n == n.ToLowerInvariant()), Is.InRange(600, 1400));
        Assert.That(written.Count(n => catalog.TryResolve(n, out var id) && id == kubernetes), Is.GreaterThan(1700), "most still read as the skill");
        Assert.That(baseWritten.All(n => catalog.TryResolve(n, out var id) && id == kubernetes), Is.True);
    }

    [Test]
    public void A_typo_is_one_slip_in_a_long_word()
    {
        var random = new Random(2);
        var typos = Enumerable.Range(0, 300).Select(_ => SkillNameVariants.Typo(random, "SQL project management")).ToList();

        Assert.That(typos.All(t => t.StartsWith("SQL p", StringComparison.Ordinal) || t.StartsWith("SQL project m", StringComparison.Ordinal)), Is.True, "first letters and short words stay");
        Assert.That(typos.All(t => Edits(t, "SQL project management") <= 1), Is.True);
        Assert.That(typos.Count(t => t != "SQL project management"), Is.GreaterThan(270));
        Assert.That(SkillNameVariants.Typo(random, "SQL, C#"), Is.EqualTo("SQL, C#"), "no word long enough");
    }

    /// <summary>Edit distance with adjacent transpositions (optimal string alignment).</summary>
    static int Edits(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    [Test]
    public void Named_knows_the_three_worlds_and_names_them_when_refusing()
    {
        Assert.That(OutcomeProcess.Names, Is.EqualTo(new[] { "base", "thresholds", "noisy" }));
        Assert.That(OutcomeProcess.Named("Thresholds"), Is.SameAs(OutcomeProcess.Thresholds));
        Assert.That(() => OutcomeProcess.Named("flat"), Throws.ArgumentException.With.Message.Contains("base, thresholds, noisy"));
    }

    [Test]
    public async Task Generate_writes_a_world_and_its_oracle_that_the_oracle_command_measures()
    {
        var history = Scratch("cli") + ".jsonl";
        var oracle = Scratch("cli") + ".oracle.jsonl";

        var generated = await MatchingCli.RunAsync(["generate", "--world", "thresholds", "--missions", "15", "--population", "300", "--seed", "4", "--out", history, "--oracle", oracle]);
        var measured = await MatchingCli.RunAsync(["oracle", "--history", history, "--oracle", oracle, "--json"]);
        File.WriteAllLines(oracle, File.ReadLines(oracle).Skip(1));
        var mismatched = await MatchingCli.RunAsync(["oracle", "--history", history, "--oracle", oracle]);

        Assert.That(generated, Is.EqualTo(0));
        Assert.That(measured, Is.EqualTo(0));
        Assert.That(mismatched, Is.EqualTo(2), "a mission without its oracle line is a clear refusal");
        Assert.That(await MatchingCli.RunAsync(["generate", "--world", "flat", "--missions", "1", "--out", history]), Is.Not.Zero);
    }
}
