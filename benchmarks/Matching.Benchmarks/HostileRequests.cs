using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Matching.Benchmarks;

/// <summary>One hostile request as sent; printed in full (the body's start) when the service breaks a rule on it.</summary>
/// <param name="Names">The field a 400 problem must name, when the request has one fault the service must find (a hostile id).</param>
sealed record HostileRequest(int Index, string Kind, string Method, string Target, IReadOnlyList<(string Name, string Value)> Headers, string? ContentType, byte[]? Body,
    string? Names = null)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), Target);
        foreach (var (name, value) in Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        return message;
    }

    public override string ToString()
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"#{Index} ({Kind}) {Method} {Shorten(Target)}");
        foreach (var (name, value) in Headers)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  {name}: {Shorten(value)}");
        }

        text.Append(CultureInfo.InvariantCulture, $"\n  Content-Type: {ContentType ?? "(none)"}");
        if (Names is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  must be a 400 naming: {Names}");
        }

        if (Body is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  body, {Body.Length:N0} bytes: ");
            foreach (var b in Body.AsSpan(0, Math.Min(Body.Length, 600)))
            {
                text.Append(b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:X2}");
            }

            text.Append(Body.Length > 600 ? "…" : "");
        }

        return text.ToString();
    }

    static string Shorten(string text) => text.Length <= 200 ? text : $"{text[..200]}… ({text.Length:N0} characters)";
}

/// <summary>
/// Hostile requests against every endpoint: broken JSON, wrong types, huge numbers, deep nesting, invalid UTF-8,
/// lone surrogates, duplicate and unknown fields, wrong or missing content types, bad methods, bad keys and scopes,
/// truncated bodies, byte-level mutations of valid requests, odd query strings, hostile reload paths and hostile ids.
/// Request <c>i</c> depends on the seed and <c>i</c> only, so "seed 7, request 4711" is made again exactly.
/// With <paramref name="database"/>, hostile ids also go to the pool, missions, outcomes and decision-log endpoints
/// (the admin key then needs the data and admin scopes). Also compiled into Matching.Tests.
/// </summary>
sealed class HostileRequests(int seed, string adminKey, string matchKey, IReadOnlyList<byte[]> matchBodies, string modelsRoot, bool database = false)
{
    record Endpoint(string Method, string Target, bool Admin, Func<Random, byte[]>? Body);

    readonly Endpoint[] endpoints =
    [
        new("POST", "/v1/match", false, r => matchBodies[r.Next(matchBodies.Count)]),
        new("POST", "/v1/skills/resolve", false, _ => """{"names": ["Java", "K8s", "Pyhton", "gestion de projet", "ML"], "context": ["Python"]}"""u8.ToArray()),
        new("POST", "/v1/skills/extract", false, _ => """{"text": "Senior developer: C#, Postgres and Kubernetes, some Pyhton; no Java.", "language": "en"}"""u8.ToArray()),
        new("POST", "/v1/skills/extract", false, HostileText),
        new("POST", "/v1/match", false, r => HostileDescriptions(r, matchBodies[r.Next(matchBodies.Count)])),
        new("POST", "/v1/model/reload", true, r => Encoding.UTF8.GetBytes($$"""{"path": "{{(r.Next(4) == 0 ? "default" : "corrupt")}}"}""")),
        new("GET", "/v1/skills?q=jav&top=5", false, null),
        new("GET", "/v1/model", true, null),
        new("GET", "/health/live", false, null),
        new("GET", "/health/ready", false, null),
        new("GET", "/swagger/v1/swagger.json", false, null),
    ];

    /// <summary>JSON values (raw bytes, some not valid JSON or not valid UTF-8) put where the contract expects something else.</summary>
    static readonly string[] HostileValues =
    [
        "null", "true", "false", "0", "-1", "1.5", "-0", "1e400", "-1e400", "1e-400", "99999999999999999999999999999",
        "-9223372036854775809", "2147483648", "NaN", "Infinity", "0x10", "01", "\"\"", "\"   \"", "\"x\"", "\"2024-02-30\"",
        "\"9999-12-31\"", "\"0001-01-01\"", "\"-1\"", "\"\\uD800\"", "\"a\\uDC00b\"", "\"\\u0000\"", "\"\\ud83d\\ude00\"", "\"\\\"",
        "\"\\x\"", "[]", "{}", "[1, 2, 3]", "{\"a\": 1}", "[null]", "[[]]", "\"ünïcödé\"", "\"!!!\"", "\"" + new string('x', 300) + "\"",
        "\"" + new string('y', 120_000) + "\"", new string('[', 100) + new string(']', 100), "{\"a\":" + new string('[', 5000),
    ];

    static readonly byte[][] InvalidUtf8 = [[0xFF], [0xFE, 0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xE2, 0x82], [0x80], [0xF4, 0x90, 0x80, 0x80], [0x00]];

    static readonly string?[] ContentTypes =
    [
        null, "", "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/json; charset=utf-16", "application/json; charset=iso-8859-1", "application/json; charset=\"utf-8\"",
        "APPLICATION/JSON", "application/jsonx", "application/problem+json", "*/*", "application/json;;;", ";=;", "application/json; charset=",
        "application/json, text/plain", "application/" + new string('j', 5000),
    ];

    static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO", "M-SEARCH"];

    static readonly string[] Queries =
    [
        "", "?", "?q", "?q=", "?q=%20", "?q=java&top=0", "?q=java&top=-1", "?q=java&top=51", "?q=java&top=abc", "?q=java&top=99999999999999999999",
        "?q=java&top=1e3", "?q=java&top=1.5", "?q=java&q=python", "?q=java&top=1&top=2", "?q=%00", "?q=%FF", "?q=%ED%A0%80", "?q=%C0%80",
        "?q=%E2%82", "?q=%", "?q=%zz", "?q=%F0%9F%98%80", "?q=C%23", "?q=++++", "?q=java&unknown=1", "?Q=java", "?q[]=java", "?&&&&", "?=&=",
        "?q=%09", "?q=%0D%0A", "?q=" + new string('a', 100), "?q=" + new string('a', 10_000), "?q=%D0%BA%D0%BB%D1%8E%D1%87", "?top=5",
    ];

    string[] ReloadPaths =>
    [
        "..", "../", "../..", "../../../../etc", "/etc", "/", "/etc/passwd", "/proc/self", "/dev/zero", "default/../../..", "./default", "default/",
        "default//", ".", "", " ", "\\u0000", "default\\u0000", "%2e%2e%2f", "..%2F..", "~", "~root", "con", "C:\\\\Windows", "\\\\\\\\server\\\\share",
        "default/card.json", "default/model.zip", "\\uD800", "été", "jane.doe", string.Concat(Enumerable.Repeat("../", 50)), new string('a', 5000),
        string.Concat(Enumerable.Repeat("a/", 2000)), modelsRoot, modelsRoot + "/../..", modelsRoot + "/default", modelsRoot + "/escape/../..",
        .. HostileModels.Refused,
    ];

    /// <summary>
    /// Ids outside the grammar (Matching.Core's <c>Ids</c>): a slash, dot segments, percent-encodings, a confusable
    /// Cyrillic letter, NFD and NFC accents, bidi and zero-width characters, controls, blanks, lengths.
    /// </summary>
    public static readonly string[] HostileIds =
    [
        "hr/jane.roe", "..", ".", "../admin", "a%2Fb", "a%2fb", "hr%252Fjane.roe", "\u0430dmin", "e\u0301", "\u00e9", "admin\u202Egnp.exe",
        "a\u200Bb", "\uFF41da", "a\u0000b", "a\u0001b", "a\tb", " ada", "ada ", "", "-ada", "a\\b", "a?b", "a#b", new string('a', 129),
    ];

    /// <summary>Hostile ids as a path segment carries them to the route (a raw "/" or ".." would be another route).</summary>
    public static readonly string[] HostilePathIds =
    [
        "hr%2Fjane.roe", "hr%2fjane.roe", "hr%252Fjane.roe", "..%2Fadmin", "%D0%B0dmin", "e%CC%81", "%C3%A9", "admin%E2%80%AEgnp.exe", "a%E2%80%8Bb",
        "%EF%BD%81da", "a%01b", "a%09b", "%20ada", "-ada", "a%5Cb", new string('a', 129),
    ];

    public int Seed => seed;

    public HostileRequest Create(int index)
    {
        var random = new Random(unchecked((seed * 1_000_003) + index));
        var endpoint = endpoints[random.Next(endpoints.Length)];
        var key = endpoint.Admin || random.Next(4) == 0 ? adminKey : matchKey;
        var body = endpoint.Body?.Invoke(random);
        return (random.Next(17), body) switch
        {
            (16, _) => HostileId(index, random),
            (0, _) => Make(index, "valid", endpoint.Method, endpoint.Target, key, "application/json", body),
            (1, not null) => Make(index, "mutated", endpoint.Method, endpoint.Target, key, "application/json", Mutate(random, body)),
            (2, not null) => Make(index, "truncated", endpoint.Method, endpoint.Target, key, "application/json", body[..random.Next(body.Length)]),
            (3, not null) => Make(index, "tree", endpoint.Method, endpoint.Target, key, "application/json", MutateTree(random, body)),
            (4, not null) => Make(index, "invalid-utf8", endpoint.Method, endpoint.Target, key, "application/json", InsertInvalidUtf8(random, body)),
            (5, _) => Make(index, "garbage", endpoint.Method, endpoint.Target, key, "application/json", Garbage(random)),
            (6, _) => Make(index, "nesting", endpoint.Method, endpoint.Target, key, "application/json", Nesting(random)),
            (7, _) => Make(index, "content-type", endpoint.Method, endpoint.Target, key, Pick(random, ContentTypes), body ?? "{}"u8.ToArray()),
            (8, _) => Make(index, "method", Pick(random, Methods), endpoint.Target, key, "application/json", random.Next(2) == 0 ? body : null),
            (9, _) => Make(index, "key", endpoint.Method, endpoint.Target, BadKey(random), "application/json", body),
            (10 or 11, _) => Make(index, "query", "GET", "/v1/skills" + Pick(random, Queries), key, null, null),
            (12 or 13, _) => Make(index, "reload-path", "POST", "/v1/model/reload", adminKey, "application/json", ReloadBody(random)),
            (14, _) => Make(index, "route", endpoint.Method, OddRoute(random, endpoint.Target), key, "application/json", body),
            _ => Make(index, "request-id", endpoint.Method, endpoint.Target, key, "application/json", body,
                ("X-Request-Id", Pick(random, ["jane.doe-emp-00007", new string('a', 5000), "../../etc", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0", ""]))),
        };
    }

    /// <summary>Request <paramref name="index"/> of the hostile ids alone: one id outside the grammar where an id belongs.</summary>
    public HostileRequest CreateId(int index) => HostileId(index, new Random(unchecked((seed * 1_000_003) + index)));

    /// <summary>A valid request but for one hostile id, in a body or a path; the answer must be a 400 naming that id's field.</summary>
    HostileRequest HostileId(int index, Random random)
    {
        var id = Pick(random, HostileIds);
        var inPath = Pick(random, HostilePathIds);
        var match = JsonNode.Parse(Pick(random, matchBodies))!.AsObject();
        var candidates = match["candidates"]!.AsArray();
        var at = random.Next(candidates.Count);
        var candidate = candidates[0]!.DeepClone().AsObject();
        candidate.Remove("id");
        var mission = match["mission"]!.DeepClone().AsObject();
        mission.Remove("id");

        HostileRequest Body(string method, string target, JsonNode json, string field) =>
            Make(index, "id", method, target, adminKey, "application/json", Encoding.UTF8.GetBytes(json.ToJsonString()), field);

        HostileRequest Path(string method, string target, string field, JsonNode? json = null) =>
            Make(index, "id", method, target, adminKey, json is null ? null : "application/json", json is null ? null : Encoding.UTF8.GetBytes(json.ToJsonString()), field);

        JsonObject Outcomes(string missionId, string decisionId, string candidateId) => new()
        {
            ["missionId"] = missionId,
            ["decisions"] = new JsonArray(new JsonObject
            {
                ["clientDecisionId"] = decisionId,
                ["candidateId"] = candidateId,
                ["outcome"] = "proposed",
                ["decidedAt"] = "2026-01-05T09:30:00Z",
            }),
        };

        switch (random.Next(database ? 13 : 2))
        {
            case 0:
                match["mission"]!["id"] = id;
                return Body("POST", "/v1/match", match, "mission.id");
            case 1:
                candidates[at]!["id"] = id;
                return Body("POST", "/v1/match", match, $"candidates[{at}].id");
            case 2:
                return Path("PUT", $"/v1/candidates/{inPath}", "id", candidate);
            case 3:
                return Path("GET", $"/v1/candidates/{inPath}", "id");
            case 4:
                return Path("DELETE", $"/v1/candidates/{inPath}", "id");
            case 5:
                candidate["id"] = id;
                return Body("PUT", "/v1/candidates/ada", candidate, "id");
            case 6:
                return Path("PUT", $"/v1/missions/{inPath}", "id", mission);
            case 7:
                return Path("GET", $"/v1/missions/{inPath}/suggestions", "id");
            case 8:
                return Body("POST", "/v1/outcomes", Outcomes(id, "d-1", "ada"), "missionId");
            case 9:
                return Body("POST", "/v1/outcomes", Outcomes("payments", id, "ada"), "decisions[0].clientDecisionId");
            case 10:
                return Body("POST", "/v1/outcomes", Outcomes("payments", "d-1", id), "decisions[0].candidateId");
            case 11:
                return Path("PATCH", $"/v1/outcomes/{inPath}", "clientDecisionId", new JsonObject { ["rating"] = 3 });
            default:
                return Path("GET", $"/v1/decisions/{inPath}", "requestId");
        }
    }

    static HostileRequest Make(int index, string kind, string method, string target, string? key, string? contentType, byte[]? body, string names) =>
        new(index, kind, method, target, [("X-Api-Key", key!)], contentType, body, names);

    static HostileRequest Make(int index, string kind, string method, string target, string? key, string? contentType, byte[]? body, params (string, string)[] headers) =>
        new(index, kind, method, target, key is null ? headers : [("X-Api-Key", key), .. headers], contentType, body);

    static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>One of <see cref="HostileTexts"/>, whole (the most the endpoint takes) or cut anywhere.</summary>
    static byte[] HostileText(Random random)
    {
        var text = Pick(random, HostileTexts.All).Text;
        return Encoding.UTF8.GetBytes(new JsonObject
        {
            ["text"] = random.Next(2) == 0 ? text : HostileTexts.Cut(text, random.Next(text.Length)),
            ["language"] = Pick(random, ["en", "fr"]),
        }.ToJsonString());
    }

    /// <summary>A match body whose mission and every experience are described by one of <see cref="HostileTexts"/>, cut to the longest description allowed.</summary>
    static byte[] HostileDescriptions(Random random, byte[] body)
    {
        var description = HostileTexts.Cut(Pick(random, HostileTexts.All).Text, 10_000);
        var request = JsonNode.Parse(body)!;
        request["mission"]!["description"] = description;
        foreach (var candidate in request["candidates"]!.AsArray())
        {
            foreach (var experience in candidate!["experiences"]?.AsArray() ?? [])
            {
                experience!["description"] = description;
            }
        }

        return Encoding.UTF8.GetBytes(request.ToJsonString());
    }

    /// <summary>1–8 random byte flips, insertions (often of JSON's own punctuation) and deletions.</summary>
    static byte[] Mutate(Random random, byte[] body)
    {
        var bytes = new List<byte>(body);
        byte[] punctuation = [(byte)'"', (byte)'{', (byte)'}', (byte)'[', (byte)']', (byte)',', (byte)':', (byte)'\\', (byte)'-', (byte)'0', 0xFF, 0x00];
        for (var n = 1 + random.Next(8); n > 0; n--)
        {
            var at = random.Next(bytes.Count + 1);
            switch (random.Next(3))
            {
                case 0 when at < bytes.Count:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.Insert(at, random.Next(2) == 0 ? Pick(random, punctuation) : (byte)random.Next(256));
                    break;
                default:
                    bytes.RemoveRange(Math.Min(at, bytes.Count), Math.Min(1 + random.Next(16), bytes.Count - Math.Min(at, bytes.Count)));
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>A valid body with one node replaced by a hostile value, deleted, given twice, or an unknown field added.</summary>
    static byte[] MutateTree(Random random, byte[] body)
    {
        var root = JsonNode.Parse(body)!;
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var action = random.Next(4);
        var candidates = action == 3 ? nodes.Where(n => n is JsonObject).ToList() : nodes.Where(n => n != root).ToList();
        var target = candidates.Count > 0 ? Pick(random, candidates) : root;
        var value = Encoding.UTF8.GetBytes(Pick(random, HostileValues));
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = true }))
        {
            Write(writer, root);

            // Action 1 deletes the target, 2 gives it twice.
            int Times(JsonNode? child) => child is not null && child == target ? action switch { 1 => 0, 2 => 2, _ => 1 } : 1;

            void Write(Utf8JsonWriter w, JsonNode? node)
            {
                if (node is not null && node == target && action == 0)
                {
                    w.WriteRawValue(value, skipInputValidation: true);
                    return;
                }

                switch (node)
                {
                    case JsonObject o:
                        w.WriteStartObject();
                        foreach (var (name, child) in o)
                        {
                            for (var times = Times(child); times > 0; times--)
                            {
                                w.WritePropertyName(name);
                                Write(w, child);
                            }
                        }

                        if (node == target && action == 3)
                        {
                            w.WritePropertyName(Pick(random, ["unknownField", "mandatroy", "ID", "Candidates", "", "\u00e9", "__proto__", "$type"]));
                            w.WriteRawValue(value, skipInputValidation: true);
                        }

                        w.WriteEndObject();
                        break;
                    case JsonArray a:
                        w.WriteStartArray();
                        foreach (var child in a)
                        {
                            for (var times = Times(child); times > 0; times--)
                            {
                                Write(w, child);
                            }
                        }

                        w.WriteEndArray();
                        break;
                    case null:
                        w.WriteNullValue();
                        break;
                    default:
                        node.WriteTo(w);
                        break;
                }
            }
        }

        return stream.ToArray();
    }

    static void Collect(JsonNode? node, List<JsonNode> nodes)
    {
        if (node is null)
        {
            return;
        }

        nodes.Add(node);
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children)
        {
            Collect(child, nodes);
        }
    }

    /// <summary>Invalid UTF-8 (overlong forms, encoded surrogates, truncated sequences, NUL) right after a random quote.</summary>
    static byte[] InsertInvalidUtf8(Random random, byte[] body)
    {
        var quotes = Enumerable.Range(0, body.Length).Where(i => body[i] == '"').ToArray();
        var at = quotes.Length > 0 ? Pick(random, quotes) + 1 : 0;
        return [.. body[..at], .. Pick(random, InvalidUtf8), .. body[at..]];
    }

    static byte[] Garbage(Random random)
    {
        var bytes = new byte[random.Next(2000)];
        random.NextBytes(bytes);
        if (random.Next(2) == 0)
        {
            // JSON-shaped garbage: its tokens in random order.
            string[] tokens = ["{", "}", "[", "]", ",", ":", "\"a\"", "1", "null", "true", " ", "\"mission\"", "\"candidates\"", "\"names\""];
            return Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, random.Next(200)).Select(_ => Pick(random, tokens))));
        }

        return bytes;
    }

    static byte[] Nesting(Random random)
    {
        var depth = Pick(random, [63, 64, 65, 1000, 100_000]);
        var field = Pick(random, ["mission", "candidates", "names", "text", "path", "top"]);
        var (open, close) = random.Next(2) == 0 ? ("[", "]") : ("{\"a\":", "}");
        var closed = random.Next(2) == 0;
        var nest = string.Concat(Enumerable.Repeat(open, depth)) + "1" + (closed ? string.Concat(Enumerable.Repeat(close, depth)) : "");
        return Encoding.UTF8.GetBytes(random.Next(2) == 0 ? nest : $"{{\"{field}\": {nest}}}");
    }

    string? BadKey(Random random) => Pick(random,
    [
        null, "", " ", "wrong", matchKey, adminKey.ToUpperInvariant(), adminKey + " x", "Bearer " + adminKey, new string('k', 8000),
        adminKey + "," + adminKey, adminKey[..^1], "%00", "' OR 1=1 --",
    ]);

    byte[] ReloadBody(Random random)
    {
        var path = Pick(random, ReloadPaths).Replace("\"", "\\\"", StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes(random.Next(6) switch
        {
            0 => Pick(random, ["{\"path\": 5}", "{\"path\": null}", "{\"path\": []}", "{\"paths\": \"default\"}", "{}", "[]", "\"default\"", "{\"path\": \"default\", \"path\": \"corrupt\"}"]),
            _ => $"{{\"path\": \"{path}\"}}",
        });
    }

    static string OddRoute(Random random, string target) => Pick(random,
    [
        target + "/", target.ToUpperInvariant(), target + "/extra", "/v1//match", "/v1/match/..", "/v2/match", "/v1/skills/%2e%2e/model",
        "/v1/model/reload/", "/" + new string('a', 3000), "/v1/%00", "/v1/skills/resolve;x=1", "/v1/match?top=5", "/.env",
    ]);
}

/// <summary>The rules every answer to a hostile request keeps.</summary>
static class HostileRules
{
    /// <summary>
    /// Null when the answer keeps the rules: never a 5xx; an X-Request-Id on every answer; a 400 naming
    /// <paramref name="names"/> when the request says which field is at fault; every 4xx a problem
    /// (application/problem+json with its title and status), but for Kestrel's own refusals before any of the service's code runs (a malformed request line or
    /// target, one over 8 KB: 414, headers over 32 KB: 431, an HTTP version it does not speak: 505), which have an
    /// empty body and, since the service's first middleware never saw them, no X-Request-Id.
    /// </summary>
    public static string? Check(int status, string? mediaType, byte[] body, bool hasRequestId, string? names = null)
    {
        if (!hasRequestId && body.Length == 0 && status is 400 or 414 or 431 or 505)
        {
            return null;
        }

        if (status >= 500)
        {
            return $"{status}: the service failed";
        }

        if (!hasRequestId)
        {
            return $"{status} without an X-Request-Id (every answer from the service carries one)";
        }

        if (status < 400)
        {
            return names is null ? null : $"{status}: accepted, though {names} is not an id";
        }

        if (mediaType != "application/problem+json")
        {
            return $"{status} with Content-Type {mediaType ?? "(none)"}, not a problem";
        }

        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("title", out var title) || title.ValueKind != JsonValueKind.String || title.GetString()!.Length == 0)
            {
                return $"{status} problem without a title";
            }

            if (!root.TryGetProperty("status", out var said) || said.ValueKind != JsonValueKind.Number || said.GetInt32() != status)
            {
                return $"{status} problem whose status field is not {status}";
            }

            return names is null || status == 400 && root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object && errors.TryGetProperty(names, out _)
                ? null
                : $"{status} problem that does not name {names}";
        }
        catch (JsonException)
        {
            return $"{status} problem whose body is not JSON";
        }
    }

    /// <summary>
    /// Sends requests <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/> − 1 over <paramref name="parallelism"/>
    /// workers: the statuses seen (0: no answer), the broken rules, each with its request, and why any request could not be sent
    /// (the in-process test host refuses a path with %00, which Kestrel answers with a bare 400 before the pipeline).
    /// <paramref name="idsOnly"/> sends the hostile ids alone (<see cref="HostileRequests.CreateId"/>).
    /// </summary>
    public static async Task<(Dictionary<int, int> Statuses, List<string> Failures, HashSet<string> NotSent)> RunAsync(
        HttpClient client, HostileRequests requests, int from, int count, int parallelism, Action<int>? progress = null, bool idsOnly = false)
    {
        var statuses = new Dictionary<int, int>();
        var failures = new List<string>();
        var notSent = new HashSet<string>();
        var next = from - 1;
        var done = 0;
        await Task.WhenAll(Enumerable.Range(0, parallelism).Select(async _ =>
        {
            for (var index = Interlocked.Increment(ref next); index < from + count; index = Interlocked.Increment(ref next))
            {
                var request = idsOnly ? requests.CreateId(index) : requests.Create(index);
                string? failure = null;
                var status = 0;
                try
                {
                    using var message = request.ToMessage();
                    using var response = await client.SendAsync(message);
                    var body = await response.Content.ReadAsByteArrayAsync();
                    status = (int)response.StatusCode;
                    failure = Check(status, response.Content.Headers.ContentType?.MediaType, body, response.Headers.Contains("X-Request-Id"), request.Names);
                    failure = failure is null ? null : $"{failure}: {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 400)))}";
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    failure = $"no answer ({e.GetType().Name}: {e.Message})";
                }
                catch (InvalidOperationException e)
                {
                    lock (notSent)
                    {
                        notSent.Add(e.Message);
                    }

                    continue;
                }

                lock (failures)
                {
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                    if (failure is not null)
                    {
                        failures.Add($"seed {requests.Seed}, request {request}\n  → {failure}");
                    }
                }

                progress?.Invoke(Interlocked.Increment(ref done));
            }
        }));
        return (statuses, failures, notSent);
    }
}
