using System.CommandLine;
using Matching.Core.Skills;

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
            escoClassification, escoRelations, onetTechnology, onetOccupations, output, release,
        };
        command.SetAction(parseResult =>
        {
            var path = parseResult.GetRequiredValue(output).FullName;
            var summary = SkillCatalogBuilder.Build(
                new SkillCatalogSources(
                    parseResult.GetRequiredValue(escoClassification).FullName,
                    parseResult.GetRequiredValue(escoRelations).FullName,
                    parseResult.GetRequiredValue(onetTechnology).FullName,
                    parseResult.GetRequiredValue(onetOccupations).FullName,
                    parseResult.GetRequiredValue(release)),
                path);

            Console.WriteLine($"Wrote {path} ({new FileInfo(path).Length:N0} bytes), version {summary.Version}");
            Console.WriteLine($"  concepts        {summary.Concepts,8:N0}  (ESCO skills {summary.EscoSkills:N0}, skill groups {summary.SkillGroups:N0}, O*NET technologies {summary.Technologies:N0}; {summary.ProductsMergedIntoEsco:N0} O*NET products merged into ESCO concepts)");
            Console.WriteLine($"  labels          {summary.Labels,8:N0}");
            Console.WriteLine($"  broader edges   {summary.BroaderEdges,8:N0}");
            Console.WriteLine($"  related edges   {summary.RelatedEdges,8:N0}");
            Console.WriteLine($"  co-occurrence   {summary.CoOccurrenceEdges,8:N0}");
            Console.WriteLine($"  occupations     {summary.Occupations,8:N0}  ({summary.OccupationsWithTechnologies:N0} with O*NET technologies)");
            if (summary.UnresolvedCuratedAliases > 0)
            {
                Console.WriteLine($"  warning: {summary.UnresolvedCuratedAliases} curated aliases name a concept this catalog lacks");
            }

            return 0;
        });
        return command;
    }
}
