using CsvHelper;

namespace Matching.Training.Catalog;

/// <summary>
/// French labels of ESCO concepts from the French collection CSVs (digital, transversal and language
/// skills, skill groups), joined to the English concepts by their URI.
/// </summary>
internal sealed record FrenchSource(IReadOnlyList<(string Key, string Label)> Labels)
{
    static readonly string[] Files =
    [
        "digitalSkillsCollection_fr.csv",
        "transversalSkillsCollection_fr.csv",
        "languageSkillsCollection_fr.csv",
        "skillGroups_fr.csv",
    ];

    static readonly CsvReaderOptions Options = new() { HasHeader = true, AllowLineBreaksInQuotes = true };

    public static FrenchSource Read(string folder)
    {
        var labels = new List<(string, string)>();
        foreach (var name in Files)
        {
            var path = Path.Combine(folder, name);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"The ESCO French folder holds no {name}.", path);
            }

            using var csv = CsvReader.Create(File.OpenRead(path), Options, leaveOpen: false);
            while (csv.Read())
            {
                var key = EscoSource.Key(csv.GetString("conceptUri"));
                labels.Add((key, (csv.GetString("preferredLabel") ?? "").Trim()));
                // These files separate alternative labels with " | " (the English ones use line breaks).
                foreach (var alt in (csv.GetString("altLabels") ?? "").Split(['|', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    labels.Add((key, alt));
                }
            }
        }

        return new FrenchSource([.. labels.Where(l => l.Item2.Length > 0)]);
    }
}
