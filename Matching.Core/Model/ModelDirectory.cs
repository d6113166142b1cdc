namespace Matching.Core.Model;

public static class ModelDirectory
{
    /// <summary>
    /// Writes model.zip and card.json into a temporary sibling directory, then renames it to
    /// <paramref name="directory"/>, so readers only ever see no model or a whole one. An existing
    /// directory is replaced only with <paramref name="replace"/>.
    /// </summary>
    public static void Write(string directory, byte[] modelZip, ModelCard card, bool replace)
    {
        var target = Path.GetFullPath(directory);
        if (Directory.Exists(target) && !replace)
        {
            throw new IOException($"{target} already exists; choose another directory or replace it explicitly.");
        }

        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        var retired = Path.Combine(parent, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.old");
        Directory.CreateDirectory(temporary);
        try
        {
            File.WriteAllBytes(Path.Combine(temporary, MlNetModel.FileName), modelZip);
            File.WriteAllText(Path.Combine(temporary, RankingModel.CardFile), card.ToJson() + "\n");
            if (Directory.Exists(target))
            {
                Directory.Move(target, retired);
            }

            Directory.Move(temporary, target);
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }

            if (Directory.Exists(retired))
            {
                Directory.Delete(retired, recursive: true);
            }
        }
    }
}
