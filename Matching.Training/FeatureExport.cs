using System.Globalization;
using System.Text;
using System.Text.Json;
using Matching.Core.Features;
using Matching.Core.Model;

namespace Matching.Training;

/// <summary>
/// Feature matrices for training elsewhere (Python's xgboost): one query group per mission, rankable
/// rows only, and the schema beside the file so a model trained on it can declare what it expects.
/// </summary>
public static class FeatureExport
{
    public static string SchemaPath(string path) => $"{path}.schema.json";

    /// <summary>CSV with a header: qid, label (grade 0–3), candidate_id, then the features; an empty cell is a missing value.</summary>
    public static int WriteCsv(IEnumerable<MissionRows> missions, string path) =>
        Write(missions, path, $"qid,label,candidate_id,{string.Join(',', FeatureSchema.Names)}", (line, qid, mission, i, row) =>
        {
            line.Append(CultureInfo.InvariantCulture, $"{qid},{mission.Grades[i]},{mission.CandidateIds[i]}");
            foreach (var value in row)
            {
                line.Append(',');
                if (!float.IsNaN(value))
                {
                    line.Append(value.ToString("R", CultureInfo.InvariantCulture));
                }
            }
        });

    /// <summary>LIBSVM with query ids: "grade qid:N index:value ...", missing values left out, indices in schema order from 0.</summary>
    public static int WriteLibSvm(IEnumerable<MissionRows> missions, string path) =>
        Write(missions, path, null, (line, qid, mission, i, row) =>
        {
            line.Append(CultureInfo.InvariantCulture, $"{mission.Grades[i]} qid:{qid}");
            for (var f = 0; f < row.Length; f++)
            {
                if (!float.IsNaN(row[f]))
                {
                    line.Append(CultureInfo.InvariantCulture, $" {f}:{row[f].ToString("R", CultureInfo.InvariantCulture)}");
                }
            }
        });

    delegate void RowWriter(StringBuilder line, int qid, MissionRows mission, int index, ReadOnlySpan<float> row);

    static int Write(IEnumerable<MissionRows> missions, string path, string? header, RowWriter writeRow)
    {
        var width = FeatureSchema.Count;
        var rows = 0;
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            if (header is not null)
            {
                writer.WriteLine(header);
            }

            var qid = 0;
            var line = new StringBuilder();
            foreach (var mission in missions.Where(m => m.Rows > 0))
            {
                qid++;
                for (var i = 0; i < mission.Rows; i++)
                {
                    line.Clear();
                    writeRow(line, qid, mission, i, mission.Features.AsSpan(i * width, width));
                    writer.WriteLine(line);
                    rows++;
                }
            }
        }

        File.WriteAllText(SchemaPath(path), JsonSerializer.Serialize(CardSchema.Current, ModelCard.JsonOptions) + "\n");
        return rows;
    }
}
