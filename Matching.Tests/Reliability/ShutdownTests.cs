using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Matching.Api.Hosting;
using Matching.Benchmarks;

namespace Matching.Tests.Reliability;

/// <summary>
/// SIGTERM to the real service process (Matching.Api.dll from this test's output folder, its log discarded) while
/// requests are in flight: each gets its complete answer and the process exits 0.
/// </summary>
public class ShutdownTests
{
    /// <summary>
    /// A body sent in two halves: the first once the service has started reading it (it answered Expect:
    /// 100-continue, so the request is in flight), the second when <see cref="Release"/> is called.
    /// </summary>
    sealed class HeldBody(byte[] body) : HttpContent
    {
        readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => release.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(body.AsMemory(0, body.Length / 2));
            await stream.FlushAsync();
            Started.TrySetResult();
            await release.Task;
            await stream.WriteAsync(body.AsMemory(body.Length / 2));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = body.Length;
            return true;
        }
    }

    [Test]
    public async Task Requests_in_flight_at_sigterm_complete_and_the_process_exits_0()
    {
        var port = ServiceProcess.FreePort();
        using var service = await ServiceProcess.StartAsync(port);
        // The body goes only once the service asked for it: the request has reached the endpoint.
        using var client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(1) }) { BaseAddress = new Uri(service.Url) };
        var example = Encoding.UTF8.GetBytes(OpenApiExamples.Read("match-request.json"));
        var bodies = Enumerable.Range(0, 3).Select(_ => new HeldBody(example)).ToArray();
        var responses = bodies.Select(async body =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/match") { Content = body };
            request.Headers.ExpectContinue = true;
            request.Headers.Add("X-Api-Key", ServiceProcess.Key);
            request.Content.Headers.ContentType = new("application/json");
            using var response = await client.SendAsync(request);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToArray();
        await Task.WhenAll(bodies.Select(b => b.Started.Task));

        service.Terminate();
        await StopsListening(port);
        foreach (var body in bodies)
        {
            body.Release();
        }

        foreach (var (status, text) in await Task.WhenAll(responses))
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            using var answer = JsonDocument.Parse(text);
            Assert.That(answer.RootElement.GetProperty("results").GetArrayLength(), Is.GreaterThan(0), "a complete answer");
        }

        // The host's default shutdown timeout is 30 s; nothing is left to wait for here.
        Assert.That(service.WaitForExit(TimeSpan.FromSeconds(30)), Is.True, "exits within the shutdown timeout");
        Assert.That(service.ExitCode, Is.Zero);
    }

    /// <summary>Shutdown has begun once Kestrel stops accepting connections.</summary>
    static async Task StopsListening(int port)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
            }
            catch (SocketException)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The service still accepts connections 30 s after SIGTERM.");
    }
}
