using System.Text;
using System.Text.Json;
using Matching.Core.History;

namespace Matching.Training.Generation;

public static class HistoryFile
{
    /// <summary>
    /// Writes missions 0..count-1 of <paramref name="world"/> as JSON Lines, generated in parallel and
    /// written in order, through a temporary file renamed at the end. With <paramref name="oraclePath"/>, also
    /// writes each mission's true candidate utilities there, line for line (see <see cref="OracleFile"/>);
    /// the history is the same bytes either way.
    /// </summary>
    public static void Write(StaffingWorld world, int count, int? candidatesPerMission, string path, int threads, Action<int>? progress = null, string? oraclePath = null)
    {
        var history = Temporary(path);
        var oracle = oraclePath is null ? null : Temporary(oraclePath);
        try
        {
            using (var writer = new StreamWriter(history, false, new UTF8Encoding(false), 1 << 20))
            using (var oracleWriter = oracle is null ? null : new StreamWriter(oracle, false, new UTF8Encoding(false), 1 << 20))
            {
                var written = 0;
                var lines = Enumerable.Range(0, count)
                    .AsParallel().AsOrdered().WithDegreeOfParallelism(Math.Max(1, threads))
                    .Select(i =>
                    {
                        var (mission, truth) = world.HistoricalMissionWithOracle(i, candidatesPerMission);
                        return (History: JsonSerializer.Serialize(mission, HistoryJson.Default.HistoricalMission), Oracle: oracleWriter is null ? null : OracleFile.Serialize(truth));
                    });
                foreach (var line in lines)
                {
                    writer.Write(line.History);
                    writer.Write('\n');
                    oracleWriter?.Write(line.Oracle);
                    oracleWriter?.Write('\n');
                    progress?.Invoke(++written);
                }
            }

            File.Move(history, path, overwrite: true);
            if (oracle is not null)
            {
                File.Move(oracle, oraclePath!, overwrite: true);
            }
        }
        finally
        {
            File.Delete(history);
            if (oracle is not null)
            {
                File.Delete(oracle);
            }
        }
    }

    static string Temporary(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
    }
}
