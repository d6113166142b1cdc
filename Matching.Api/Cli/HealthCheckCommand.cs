using System.CommandLine;

namespace Matching.Api.Cli;

/// <summary>For the container's HEALTHCHECK: the runtime image has no curl, so the app checks itself.</summary>
static class HealthCheckCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url")
        {
            Description = "Readiness endpoint to probe.",
            DefaultValueFactory = _ => $"http://127.0.0.1:{Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS")?.Split(';')[0] ?? "8080"}/health/ready",
        };
        var command = new Command("healthcheck", "Exit 0 when the service answers ready, 1 otherwise.") { url };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
            try
            {
                using var response = await client.GetAsync(parse.GetValue(url), cancellationToken);
                return response.IsSuccessStatusCode ? 0 : 1;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return 1;
            }
        });
        return command;
    }
}
