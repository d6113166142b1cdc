namespace Matching.Training.Catalog;

/// <summary>
/// The raw files a catalog is built from, and the release label that names them in the catalog
/// version (such as "esco-1.1.1+onet-29.2"; the files themselves do not say which O*NET release they are).
/// <see cref="EscoFrenchFolder"/>, when given, holds ESCO's French collection CSVs.
/// </summary>
public sealed record SkillCatalogSources(
    string EscoClassificationZip,
    string EscoRelationsZip,
    string OnetTechnologySkills,
    string OnetOccupationData,
    string Release,
    string? EscoFrenchFolder = null);
