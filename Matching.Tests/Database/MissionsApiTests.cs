using System.Net;
using System.Text.Json;
using Matching.Core.Contracts;

namespace Matching.Tests.Database;

public class MissionsApiTests : DatabaseTests
{
    static string Json(Mission mission) => JsonSerializer.Serialize(mission, MatchingJson.Default.Mission);

    [Test]
    public async Task A_mission_put_is_read_back_and_replaced()
    {
        var mission = Build.Mission() with { Id = "payments" };

        using var created = await Put("/v1/missions/payments", Json(mission));
        using var replaced = await Put("/v1/missions/payments", Json(mission with { Capacity = 1 }));
        using var read = await Client.GetAsync("/v1/missions/payments");

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(replaced.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(await read.Content.ReadAsStringAsync(), Is.EqualTo(Json(mission with { Capacity = 1 })));
    }

    [Test]
    public async Task Unknown_missions_are_404_and_bad_ones_400_naming_the_fields()
    {
        using var unknown = await Client.GetAsync("/v1/missions/nothing");
        var faults = await Problems(await Put("/v1/missions/payments", Json(Build.Mission(Build.Skill("C#", level: 0)) with { Id = null, Capacity = 2, End = Build.Start.AddDays(-1) })));

        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(faults.Keys, Is.EquivalentTo(new[] { "skills[0].level", "capacity", "end" }));
    }
}
