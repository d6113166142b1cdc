using System.Text.Json;
using Matching.Core.Contracts;
using Matching.Training.Generation;
using Matching.Core.Skills;

namespace Matching.Benchmarks;

/// <summary>
/// Realistic POST /v1/match bodies: missions and people of the synthetic organisation (seed 11, 10,000 people), skill
/// names as HR systems write them unless the arguments say --labels (see <see cref="EverydayNames"/>).
/// </summary>
sealed class SampleRequests(string[] args)
{
    readonly SkillCatalog catalog = SkillCatalog.Load(Path.Combine(AppContext.BaseDirectory, "models", "catalog", "skills.json.gz"));

    StaffingWorld? world;

    public byte[] Match(int candidates, int top, int index)
    {
        world ??= new StaffingWorld(catalog, seed: 11, population: 10_000);
        var request = EverydayNames.Prepare(world.SampleRequest(candidates, top, index), catalog, index, args);
        return JsonSerializer.SerializeToUtf8Bytes(request, MatchingJson.Default.MatchRequest);
    }
}
