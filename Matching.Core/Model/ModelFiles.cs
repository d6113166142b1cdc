namespace Matching.Core.Model;

/// <summary>
/// The files that make a model directory, as bytes: what a registry stores and writes back out. Read with the same
/// checks as loading (plain files only, no links, bounded sizes), so a registered copy is exactly what was checked.
/// </summary>
public static class ModelFiles
{
    /// <summary>An ONNX export of the model (export-onnx), kept with it for Python; the service does not score with it.</summary>
    public const string OnnxFile = "model.onnx";

    /// <summary>Every file name a model directory may contribute, in the order they are stored.</summary>
    public static IReadOnlyList<string> Names { get; } = [RankingModel.CardFile, MlNetModel.FileName, RankingModel.XGBoostFile, OnnxFile];

    /// <summary>The model directory's files that exist among <see cref="Names"/>; throws <see cref="ModelLoadException"/> for one that is not a plain file of a plausible size.</summary>
    public static IReadOnlyDictionary<string, byte[]> Read(string directory)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            foreach (var name in Names)
            {
                var path = Path.Combine(directory, name);
                if (File.Exists(path) || new FileInfo(path).LinkTarget is not null)
                {
                    files[name] = RankingModel.ReadRegularFile(path, name == RankingModel.CardFile ? RankingModel.MaxCardBytes : RankingModel.MaxModelBytes);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ModelLoadException.Unreadable(e, directory);
        }

        return files;
    }

    /// <summary>Writes <paramref name="files"/> into a new directory under <paramref name="parent"/> and returns its path.</summary>
    public static string Write(string parent, string name, IReadOnlyDictionary<string, byte[]> files)
    {
        var directory = Path.Combine(parent, $"{name}.{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        foreach (var (file, content) in files)
        {
            if (!Names.Contains(file))
            {
                throw new ModelLoadException($"'{file}' is not a model file ({string.Join(", ", Names)}).");
            }

            File.WriteAllBytes(Path.Combine(directory, file), content);
        }

        return directory;
    }
}
