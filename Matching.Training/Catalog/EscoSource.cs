using Matching.Core.Skills;
using System.IO.Compression;
using CsvHelper;

namespace Matching.Training.Catalog;

/// <summary>The parts of the ESCO classification and relations CSV downloads the catalog is built from.</summary>
internal sealed record EscoSource(
    IReadOnlyList<EscoSource.Skill> Skills,
    IReadOnlyList<EscoSource.Group> Groups,
    IReadOnlyList<(string Narrower, string Broader)> Broader,
    IReadOnlyList<(string Skill, bool Essential, string Related)> SkillRelations,
    IReadOnlyList<EscoSource.Occupation> Occupations,
    IReadOnlyList<(string Occupation, bool Essential, string Skill)> OccupationSkills)
{
    const string UriPrefix = "http://data.europa.eu/esco/";

    static readonly CsvReaderOptions Options = new() { HasHeader = true, AllowLineBreaksInQuotes = true };

    public sealed record Skill(string Key, SkillKind Kind, string Label, string[] AltLabels, string[] HiddenLabels);

    public sealed record Group(string Key, string Label, string[] AltLabels);

    public sealed record Occupation(string Key, string Label, string[] AltLabels);

    public static EscoSource Read(string classificationZip, string relationsZip)
    {
        using var classification = ZipFile.OpenRead(classificationZip);
        using var relations = ZipFile.OpenRead(relationsZip);

        var skills = ReadRows(classification, "skills_en.csv", row => new Skill(
            Key(row.GetString("conceptUri")),
            row.GetString("skillType") == "knowledge" ? SkillKind.Knowledge : SkillKind.SkillCompetence,
            Text(row.GetString("preferredLabel")),
            Lines(row.GetString("altLabels")),
            Lines(row.GetString("hiddenLabels"))));
        var groups = ReadRows(classification, "skillGroups_en.csv", row => new Group(
            Key(row.GetString("conceptUri")),
            Text(row.GetString("preferredLabel")),
            Lines(row.GetString("altLabels"))));
        var occupations = ReadRows(classification, "occupations_en.csv", row => new Occupation(
            Key(row.GetString("conceptUri")),
            Text(row.GetString("preferredLabel")),
            Lines(row.GetString("altLabels"))));
        var broader = ReadRows(relations, "broaderRelationsSkillPillar.csv", row => (
            Key(row.GetString("conceptUri")),
            Key(row.GetString("broaderUri"))));
        var skillRelations = ReadRows(relations, "skillSkillRelations.csv", row => (
            Key(row.GetString("originalSkillUri")),
            row.GetString("relationType") == "essential",
            Key(row.GetString("relatedSkillUri"))));
        var occupationSkills = ReadRows(relations, "occupationSkillRelations.csv", row => (
            Key(row.GetString("occupationUri")),
            row.GetString("relationType") == "essential",
            Key(row.GetString("skillUri"))));

        return new EscoSource(skills, groups, broader, skillRelations, occupations, occupationSkills);
    }

    /// <summary>"…/esco/skill/UUID" and "…/esco/occupation/UUID" become the UUID; other schemes keep their name, as in "isced-f:0613".</summary>
    internal static string Key(string? uri)
    {
        var path = uri is not null && uri.StartsWith(UriPrefix, StringComparison.Ordinal)
            ? uri[UriPrefix.Length..]
            : throw new InvalidDataException($"'{uri}' is not an ESCO concept URI.");
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return path[..slash] is "skill" or "occupation" ? path[(slash + 1)..] : $"{path[..slash]}:{path[(slash + 1)..]}";
    }

    static List<T> ReadRows<T>(ZipArchive zip, string fileName, Func<CsvReader, T> read)
    {
        var entry = zip.Entries.SingleOrDefault(e => e.Name == fileName)
            ?? throw new InvalidDataException($"The ESCO download holds no {fileName}.");
        using var csv = CsvReader.Create(entry.Open(), Options, leaveOpen: false);
        var rows = new List<T>();
        while (csv.Read())
        {
            rows.Add(read(csv));
        }

        return rows;
    }

    static string Text(string? field) => field?.Trim() ?? "";

    /// <summary>ESCO packs alternative labels into one field, one per line.</summary>
    static string[] Lines(string? field) =>
        (field ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
