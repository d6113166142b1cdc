using System.Text.Json.Nodes;
using Dapper;
using Matching.Core.Model;

namespace Matching.Tests.Database;

/// <summary>
/// A scratch models root for registry tests: <c>default</c> (a copy of the shipped model), <c>retrained</c> (the same
/// trees with another reference value, so another valid version) and <c>broken</c> (model.zip that is not a zip).
/// </summary>
sealed class RegistryModels : IDisposable
{
    static string DefaultModel => Path.Combine(AppContext.BaseDirectory, "models", "default");

    public RegistryModels()
    {
        Root = Path.Combine(Path.GetTempPath(), $"matching-registry-{Guid.NewGuid():N}");
        Copy("default", card => { });
        Copy("retrained", card =>
        {
            var references = card["treeReferences"]!.AsArray();
            references[0] = references[0]!.GetValue<float>() + 0.001f;
        });
        Copy("broken", card => { });
        File.WriteAllText(Path.Combine(Root, "broken", MlNetModel.FileName), "not a zip");
    }

    public string Root { get; }

    public string Cache => Path.Combine(Root, ".cache");

    public static string DefaultVersion => TestModel.Default.Version;

    /// <summary>The retrained copy's version, as the service computes it.</summary>
    public string RetrainedVersion => RankingModel.Load(Path.Combine(Root, "retrained")).Version;

    void Copy(string name, Action<JsonObject> editCard)
    {
        var directory = Path.Combine(Root, name);
        Directory.CreateDirectory(directory);
        File.Copy(Path.Combine(DefaultModel, MlNetModel.FileName), Path.Combine(directory, MlNetModel.FileName));
        var card = JsonNode.Parse(File.ReadAllText(Path.Combine(DefaultModel, RankingModel.CardFile)))!.AsObject();
        editCard(card);
        File.WriteAllText(Path.Combine(directory, RankingModel.CardFile), card.ToJsonString());
    }

    /// <summary>
    /// Stores a version as no registration would (bypassing the canary): <paramref name="files"/> under
    /// <paramref name="version"/>, with the default model's card.
    /// </summary>
    public static async Task RegisterUncheckedAsync(string version, IReadOnlyDictionary<string, byte[]> files)
    {
        await using var dataSource = TestDatabase.Open();
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("insert into model_versions (version, card, registered_by) values (@version, @card::jsonb, 'test-sql')",
            new { version, card = TestModel.Default.Card.ToJson() });
        foreach (var (name, content) in files)
        {
            await connection.ExecuteAsync("insert into model_files (version, name, content) values (@version, @name, @content)", new { version, name, content });
        }
    }

    /// <summary>The default model's files with model.zip replaced by bytes that are no model.</summary>
    public static IReadOnlyDictionary<string, byte[]> CorruptFiles() => new Dictionary<string, byte[]>
    {
        [RankingModel.CardFile] = File.ReadAllBytes(Path.Combine(DefaultModel, RankingModel.CardFile)),
        [MlNetModel.FileName] = "not a zip"u8.ToArray(),
    };

    /// <summary>The default model's files exactly: valid, but they hash to the default version, not to the one they are stored under.</summary>
    public static IReadOnlyDictionary<string, byte[]> DefaultFiles() => ModelFiles.Read(DefaultModel);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process that still held a file; the temporary folder is cleaned eventually.
        }
    }
}
