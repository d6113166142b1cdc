using System.CommandLine;
using Matching.Training.Catalog;

namespace Matching.Api.Cli;

static class BuildCatalogCommand
{
    public static Command Create()
    {
        var escoClassification = new Option<FileInfo>("--esco-classification")
        {
            Description = "ESCO classification CSV download (zip with skills_en.csv, skillGroups_en.csv, occupations_en.csv).",
            Required = true,
        }.AcceptExistingOnly();
        var escoRelations = new Option<FileInfo>("--esco-relations")
        {
            Description = "ESCO relations CSV download (zip with occupationSkillRelations.csv, broaderRelationsSkillPillar.csv, skillSkillRelations.csv).",
            Required = true,
        }.AcceptExistingOnly();
        var onetTechnology = new Option<FileInfo>("--onet-technology")
        {
            Description = "O*NET 'Technology Skills.txt'.",
            Required = true,
        }.AcceptExistingOnly();
        var onetOccupations = new Option<FileInfo>("--onet-occupations")
        {
            Description = "O*NET 'Occupation Data.txt'.",
            Required = true,
        }.AcceptExistingOnly();
        var escoFrench = new Option<DirectoryInfo>("--esco-french")
        {
            Description = "Folder of ESCO's French collection CSVs (digitalSkillsCollection_fr.csv, transversalSkillsCollection_fr.csv, languageSkillsCollection_fr.csv, skillGroups_fr.csv).",
        }.AcceptExistingOnly();
        var output = new Option<FileInfo>("--out")
        {
            Description = "Where to write the catalog.",
            DefaultValueFactory = _ => new FileInfo(Path.Combine("models", "catalog", "skills.json.gz")),
        };
        var release = new Option<string>("--release")
        {
            Description = "The source releases, recorded in the catalog version.",
            DefaultValueFactory = _ => "esco-1.1.1+onet-29.2",
        };

        var command = new Command("build-catalog", "Rebuild the skills catalog from the raw ESCO and O*NET files.")
        {
            escoClassification, escoRelations, onetTechnology, onetOccupations, escoFrench, output, release,
        };
        command.SetAction(parseResult =>
        {
            var path = parseResult.GetRequiredValue(output).FullName;
            var (summary, problems) = SkillCatalogBuilder.Build(
                new SkillCatalogSources(
                    parseResult.GetRequiredValue(escoClassification).FullName,
                    parseResult.GetRequiredValue(escoRelations).FullName,
                    parseResult.GetRequiredValue(onetTechnology).FullName,
                    parseResult.GetRequiredValue(onetOccupations).FullName,
                    parseResult.GetRequiredValue(release),
                    parseResult.GetValue(escoFrench)?.FullName),
                path);

            Console.WriteLine($"Wrote {path} ({new FileInfo(path).Length:N0} bytes), version {summary.Version}");
            Console.WriteLine($"  concepts        {summary.Concepts,8:N0}  (ESCO skills {summary.EscoSkills:N0}, skill groups {summary.SkillGroups:N0}, O*NET technologies {summary.Technologies:N0}; {summary.ProductsMergedIntoEsco:N0} O*NET products merged into ESCO concepts)");
            Console.WriteLine($"  labels          {summary.Labels,8:N0}  ({summary.FrenchLabels:N0} French from ESCO, {summary.CuratedNames:N0} curated)");
            Console.WriteLine($"  curated         {summary.CuratedConcepts,8:N0}  concepts, {summary.Implications:N0} implications, {summary.AmbiguousNames:N0} ambiguous names");
            Console.WriteLine($"  broader edges   {summary.BroaderEdges,8:N0}");
            Console.WriteLine($"  related edges   {summary.RelatedEdges,8:N0}");
            Console.WriteLine($"  co-occurrence   {summary.CoOccurrenceEdges,8:N0}");
            Console.WriteLine($"  occupations     {summary.Occupations,8:N0}  ({summary.OccupationsWithTechnologies:N0} with O*NET technologies)");
            foreach (var problem in problems)
            {
                Console.Error.WriteLine($"  vocabulary: {problem}");
            }

            return 0;
        });
        return command;
    }
}
