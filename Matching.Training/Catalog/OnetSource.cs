namespace Matching.Training.Catalog;

/// <summary>The O*NET "Technology Skills" and "Occupation Data" text files (tab-separated, one header line).</summary>
internal sealed record OnetSource(IReadOnlyList<OnetSource.Technology> Technologies, IReadOnlyList<(string Code, string Title)> Occupations)
{
    /// <summary>One occupation × product row. Hot marks O*NET's "Hot Technology", InDemand its "In Demand" flag.</summary>
    public sealed record Technology(string OccupationCode, string Product, string CommodityCode, string CommodityTitle, bool Hot, bool InDemand);

    public static OnetSource Read(string technologySkillsPath, string occupationDataPath)
    {
        var technologies = ReadRows(technologySkillsPath, ["O*NET-SOC Code", "Example", "Commodity Code", "Commodity Title", "Hot Technology", "In Demand"])
            .Select(f => new Technology(f[0], f[1], f[2], f[3], f[4] == "Y", f[5] == "Y"))
            .ToList();
        var occupations = ReadRows(occupationDataPath, ["O*NET-SOC Code", "Title"])
            .Select(f => (f[0], f[1]))
            .ToList();
        return new OnetSource(technologies, occupations);
    }

    /// <summary>The named columns of each row, in the order asked for.</summary>
    static IEnumerable<string[]> ReadRows(string path, string[] columns)
    {
        using var reader = new StreamReader(path);
        var header = (reader.ReadLine() ?? "").Split('\t', StringSplitOptions.TrimEntries);
        var positions = columns.Select(c => Array.IndexOf(header, c)).ToArray();
        if (positions.Contains(-1))
        {
            throw new InvalidDataException($"{path} lacks one of the columns {string.Join(", ", columns)}.");
        }

        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split('\t', StringSplitOptions.TrimEntries);
            yield return positions.Select(p => fields[p]).ToArray();
        }
    }
}
