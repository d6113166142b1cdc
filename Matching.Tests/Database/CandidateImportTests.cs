using System.Text.Json;
using Dapper;
using Matching.Api.Cli;
using Matching.Core.Contracts;

namespace Matching.Tests.Database;

public class CandidateImportTests : DatabaseTests
{
    static async Task<(int Code, string Error)> Import(string lines)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, lines);
            using var output = new StringWriter();
            using var error = new StringWriter();
            var code = await MatchingCli.RunAsync(["import-candidates", "--file", file, "--connection-string", TestDatabase.ConnectionString], output, error);
            return (code, error.ToString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    static string Line(Candidate candidate) => JsonSerializer.Serialize(candidate, MatchingJson.Default.Candidate);

    static async Task<Dictionary<string, string>> Pool()
    {
        await using var dataSource = TestDatabase.Open();
        await using var connection = await dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<(string Id, string Skills)>("select id, array_to_string(skills, ',') from candidates")).ToDictionary(r => r.Id, r => r.Skills);
    }

    [Test]
    public async Task Import_inserts_and_replaces_and_a_repeated_id_keeps_its_last_line()
    {
        (await Put("/v1/candidates/ada", Line(Build.Candidate("ada", Build.Has("Python"))))).Dispose();
        var lines = string.Join('\n',
            Line(Build.Candidate("ada", Build.Has("C#"))),
            "",
            Line(Build.Candidate("bob", Build.Has("Java"))),
            Line(Build.Candidate("bob", Build.Has("Zorblax"))));

        var (code, error) = await Import(lines);

        Assert.That(code, Is.Zero, error);
        Assert.That(error, Does.Contain("Read 3 candidates; 2 new or changed"));
        var pool = await Pool();
        Assert.That(pool.Keys, Is.EquivalentTo(new[] { "ada", "bob" }));
        Assert.That(pool["ada"], Is.EqualTo(TestCatalog.Shared.ConceptKey(TestCatalog.Id("C#"))));
        Assert.That(pool["bob"], Is.EqualTo("name:zorblax"));
        await using (var dataSource = TestDatabase.Open())
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            var keyed = await connection.QueryAsync<(string Id, bool Same)>(
                "select id, k.skills = array(select hashtextextended(key, 0) from unnest(c.skills) key) from candidates c join candidate_keys k using (id)");
            Assert.That(keyed, Is.EquivalentTo(new[] { ("ada", true), ("bob", true) }), "the import's merge keeps the narrow keys table in step");
        }

        using var read = await Client.GetAsync("/v1/candidates/ada");
        Assert.That(await read.Content.ReadAsStringAsync(), Is.EqualTo(Line(Build.Candidate("ada", Build.Has("C#")))));
    }

    [Test]
    public async Task A_faulty_line_imports_nothing_and_is_named_by_line_and_field()
    {
        var lines = string.Join('\n',
            Line(Build.Candidate("ada", Build.Has("C#"))),
            Line(Build.Candidate("bob", Build.Has("C#", level: 9))),
            """{ "id": "carol", "skils": [] }""");

        var (code, error) = await Import(lines);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("line 2: skills[0].level: Level must be between 1 and 5.").And.Contain("line 3: skils: Unknown field 'skils'"));
        Assert.That(error, Does.Not.Contain("bob").And.Not.Contain("carol"), "faults are named by line and field, not by content");
        Assert.That(await Pool(), Is.Empty);
    }

    [Test]
    public async Task An_id_outside_the_grammar_imports_nothing_as_through_the_api()
    {
        var (code, error) = await Import(string.Join('\n', Line(Build.Candidate("ada", Build.Has("C#"))), Line(Build.Candidate("hr/jane.roe", Build.Has("C#")))));

        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain($"line 2: id: {Matching.Core.Validation.Ids.Rule}"));
        Assert.That(await Pool(), Is.Empty);
    }
}
