using System.Text.Json.Nodes;

namespace Matching.Benchmarks;

/// <summary>
/// A scratch models root (Matching:ModelsRoot) holding a copy of the default model and the broken or hostile
/// model directories a reload must refuse. Deleted on dispose. Also compiled into Matching.Tests.
/// </summary>
sealed class HostileModels : IDisposable
{
    /// <summary>Every reload of these must be refused with a problem, the serving model unchanged.</summary>
    public static readonly string[] Refused =
    [
        "corrupt",            // model.zip is not a zip
        "flipped",            // model.zip with bytes flipped half-way
        "tampered-schema",    // card naming another feature
        "tampered-objective", // card claiming an objective the model was not trained with
        "truncated-card",     // card.json cut in half
        "huge",               // model.zip of 300 MB (sparse), over the 256 MB allowed
        "big",                // model.zip of 100 MB of zeros: read, then refused
        "extra-entry",        // model.zip with an entry "../../evil" besides the model's own
        "zip-bomb",           // model.zip whose trees are a gigabyte of zeros (a megabyte compressed)
        "empty",              // a directory without a model
        "escape",             // a link to a valid model outside the root
        "loop",               // a link to itself
        "dangling",           // a link to nothing
        "does-not-exist",     // no such directory
        "../outside",         // up and out
        "/etc",               // absolute, outside
    ];

    public HostileModels(string defaultModel)
    {
        Root = Path.Combine(Path.GetTempPath(), $"matching-hostile-models-{Guid.NewGuid():N}");
        Outside = Root + "-outside";
        var card = File.ReadAllText(Path.Combine(defaultModel, "card.json"));
        var model = File.ReadAllBytes(Path.Combine(defaultModel, "model.zip"));

        Write("default", card, model);
        Write(Outside, card, model);
        Write("corrupt", card, "not a zip"u8.ToArray());
        var flipped = (byte[])model.Clone();
        for (var i = flipped.Length / 2; i < flipped.Length / 2 + 64; i++)
        {
            flipped[i] ^= 0x5A;
        }

        Write("flipped", card, flipped);
        Write("tampered-schema", Edit(card, c => c["featureSchema"]!["features"]![0]!["name"] = "skill_cover"), model);
        Write("tampered-objective", Edit(card, c => c["objective"] = "rank:pairwise"), model);
        Write("truncated-card", card[..(card.Length / 2)], model);
        Write("extra-entry", card, HostileZips.Evil(model));
        Write("zip-bomb", card, HostileZips.Bomb(model));
        Sparse("huge", card, 300L << 20);
        Sparse("big", card, 100L << 20);
        Directory.CreateDirectory(Path.Combine(Root, "empty"));
        Directory.CreateSymbolicLink(Path.Combine(Root, "escape"), Outside);
        Directory.CreateSymbolicLink(Path.Combine(Root, "loop"), Path.Combine(Root, "loop"));
        Directory.CreateSymbolicLink(Path.Combine(Root, "dangling"), Path.Combine(Root, "nothing-here"));
    }

    public string Root { get; }

    /// <summary>A valid model outside the root, which <c>escape</c> links to.</summary>
    public string Outside { get; }

    public string DefaultModel => Path.Combine(Root, "default");

    void Write(string name, string card, byte[] model)
    {
        var directory = Path.Combine(Root, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "card.json"), card);
        File.WriteAllBytes(Path.Combine(directory, "model.zip"), model);
    }

    void Sparse(string name, string card, long bytes)
    {
        Write(name, card, []);
        using var file = new FileStream(Path.Combine(Root, name, "model.zip"), FileMode.Open);
        file.SetLength(bytes);
    }

    static string Edit(string card, Action<JsonNode> edit)
    {
        var node = JsonNode.Parse(card)!;
        edit(node);
        return node.ToJsonString();
    }

    public void Dispose()
    {
        foreach (var directory in new[] { Root, Outside })
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
