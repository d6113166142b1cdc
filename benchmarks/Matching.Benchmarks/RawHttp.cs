using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Matching.Benchmarks;

/// <summary>
/// HTTP/1.1 written by hand over a socket: what HttpClient will not send (malformed request lines, oversized or
/// broken headers, bodies shorter than announced, broken chunked framing). Kestrel refuses some of these before any
/// of the service's code runs, with a bare status and an empty body (the README documents it).
/// </summary>
static class RawHttp
{
    public sealed record Answer(int Status, string? ContentType, byte[] Body, bool HasRequestId);

    /// <param name="Name">What is wrong with it.</param>
    /// <param name="Request">The bytes sent.</param>
    /// <param name="GivesUp">The client half-closes after sending: Kestrel then drops the connection, so no answer is expected.</param>
    public sealed record Case(string Name, byte[] Request, bool GivesUp = false);

    public static Case[] Cases(string key, byte[] validMatch)
    {
        var head = $"Host: 127.0.0.1\r\nX-Api-Key: {key}\r\nConnection: close\r\n";
        byte[] Text(string text) => Encoding.Latin1.GetBytes(text);
        byte[] Post(string headers, byte[] body) => [.. Text($"POST /v1/match HTTP/1.1\r\n{head}Content-Type: application/json\r\n{headers}\r\n"), .. body];
        return
        [
            new("garbage request line", Text("GARBAGE\r\n\r\n")),
            new("HTTP/9.9", Text($"GET /health/live HTTP/9.9\r\n{head}\r\n")),
            new("non-ASCII target", Text($"GET /v1/skills?q=\u00e9\u00ff HTTP/1.1\r\n{head}\r\n")),
            new("NUL in target", Text($"GET /v1/skills?q=a\0b HTTP/1.1\r\n{head}\r\n")),
            new("no Host header", Text("GET /health/live HTTP/1.1\r\nConnection: close\r\n\r\n")),
            new("40 KB of headers", Text($"GET /v1/model HTTP/1.1\r\n{head}X-Big: {new string('a', 40_000)}\r\n\r\n")),
            new("header without a colon", Text($"GET /v1/model HTTP/1.1\r\n{head}NoColonHere\r\n\r\n")),
            new("bare LF line endings", Text($"GET /v1/model HTTP/1.1\n{head.Replace("\r\n", "\n", StringComparison.Ordinal)}\n")),
            new("non-ASCII API key", [.. Text($"GET /v1/model HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nX-Api-Key: "), 0xFF, 0xFE, 0xC3, 0xA9, .. Text("\r\n\r\n")]),
            new("absolute-form target", Text($"GET http://elsewhere.example/v1/model HTTP/1.1\r\n{head}\r\n")),
            new("asterisk-form target", Text($"OPTIONS * HTTP/1.1\r\n{head}\r\n")),
            new("CONNECT", Text($"CONNECT 127.0.0.1:80 HTTP/1.1\r\n{head}\r\n")),
            new("Content-Length: abc", Post("Content-Length: abc\r\n", validMatch)),
            new("Content-Length: -1", Post("Content-Length: -1\r\n", validMatch)),
            new("two Content-Lengths", Post($"Content-Length: {validMatch.Length}\r\nContent-Length: 5\r\n", validMatch)),
            new("Content-Length and chunked", Post($"Content-Length: {validMatch.Length}\r\nTransfer-Encoding: chunked\r\n", validMatch)),
            new("body shorter than its Content-Length", Post($"Content-Length: {validMatch.Length + 1000}\r\n", validMatch)),
            new("client gives up half-way through the body", Post($"Content-Length: {validMatch.Length}\r\n", validMatch[..(validMatch.Length / 2)]), true),
            new("Content-Length over the limit", Post("Content-Length: 100000000\r\n", validMatch)),
            new("chunk size zz", Post("Transfer-Encoding: chunked\r\n", Text("zz\r\n{}\r\n0\r\n\r\n"))),
            new("chunk size overflows", Post("Transfer-Encoding: chunked\r\n", Text("FFFFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n"))),
            new("chunked body cut short", Post("Transfer-Encoding: chunked\r\n", [.. Text($"{validMatch.Length:x}\r\n"), .. validMatch.AsSpan(0, validMatch.Length / 2)])),
            new("chunk without its CRLF", Post("Transfer-Encoding: chunked\r\n", Text("2\r\n{}XX0\r\n\r\n"))),
            new("Expect: 100-continue, no body", Post($"Expect: 100-continue\r\nContent-Length: {validMatch.Length}\r\n", [])),
        ];
    }

    /// <summary>The answer, or null when the connection closed without one (or none came in <paramref name="timeout"/>).</summary>
    public static async Task<Answer?> SendAsync(int port, Case request, TimeSpan timeout)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, port);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await socket.SendAsync(request.Request, cancel.Token);
            if (request.GivesUp)
            {
                socket.Shutdown(SocketShutdown.Send);
            }
        }
        catch (SocketException)
        {
            // The server may answer and close before reading everything (431, say): read what it said.
        }

        var received = new MemoryStream();
        var buffer = new byte[65536];
        try
        {
            for (int read; (read = await socket.ReceiveAsync(buffer, cancel.Token)) > 0;)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
        }

        return Parse(received.ToArray());
    }

    static Answer? Parse(byte[] response)
    {
        var end = response.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return null;
        }

        var lines = Encoding.Latin1.GetString(response, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        if (status < 200)
        {
            // 100 Continue: the final answer follows.
            return Parse(response[(end + 4)..]);
        }

        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var body = response[(end + 4)..];
        if (headers.GetValueOrDefault("transfer-encoding") == "chunked")
        {
            body = Unchunk(body);
        }

        return new Answer(status, headers.GetValueOrDefault("content-type")?.Split(';')[0].Trim(), body, headers.ContainsKey("x-request-id"));
    }

    static byte[] Unchunk(byte[] chunked)
    {
        var body = new MemoryStream();
        var at = 0;
        while (at < chunked.Length)
        {
            var line = chunked.AsSpan(at).IndexOf("\r\n"u8);
            var size = int.Parse(Encoding.ASCII.GetString(chunked, at, line), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                break;
            }

            body.Write(chunked, at + line + 2, size);
            at += line + 2 + size + 2;
        }

        return body.ToArray();
    }
}
