using System.Text;
using System.Text.Json;
using Matching.Core.History;

namespace Matching.Core.Generation;

public static class HistoryFile
{
    /// <summary>
    /// Writes missions 0..count-1 of <paramref name="world"/> as JSON Lines, generated in parallel and
    /// written in order, through a temporary file renamed at the end.
    /// </summary>
    public static void Write(StaffingWorld world, int count, int? candidatesPerMission, string path, int threads, Action<int>? progress = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false), 1 << 20))
            {
                var written = 0;
                var lines = Enumerable.Range(0, count)
                    .AsParallel().AsOrdered().WithDegreeOfParallelism(Math.Max(1, threads))
                    .Select(i => JsonSerializer.Serialize(world.HistoricalMission(i, candidatesPerMission), HistoryJson.Default.HistoricalMission));
                foreach (var line in lines)
                {
                    writer.Write(line);
                    writer.Write('\n');
                    progress?.Invoke(++written);
                }
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
