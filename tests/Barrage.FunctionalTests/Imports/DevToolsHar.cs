using System.Globalization;
using System.Text.Json.Nodes;
using Barrage.FunctionalTests.Reports;

namespace Barrage.FunctionalTests.Imports;

/// <summary>
/// Writes a HAR 1.2 file from what Chromium reported over the DevTools protocol (Network.* events, response bodies),
/// the way a browser's "Save all as HAR" does: one entry per http(s) request with its timing, headers, body and
/// response.
/// </summary>
internal static class DevToolsHar
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    /// <summary>Waits until every request the page made has finished, then writes the HAR to <paramref name="path"/>.</summary>
    /// <returns>The entries written, as JSON.</returns>
    public static async Task<JsonArray> WriteAsync(HeadlessChromium browser, string path, CancellationToken cancel)
    {
        // Events arrive while a call waits for its answer: cheap calls pump them until every request has ended.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(Settle);
        while (Pending(browser.Events) > 0)
        {
            await Task.Delay(20, deadline.Token);
            await browser.EvaluateAsync("1", deadline.Token);
        }

        var events = browser.Events;
        var sent = events.Where(e => Method(e) == "Network.requestWillBeSent").Select(e => e["params"]!)
            .Where(p => p["request"]!["url"]!.GetValue<string>().StartsWith("http", StringComparison.Ordinal)).ToList();
        // Chromium's timestamps are monotonic seconds; one wall-clock anchor turns them all into dates.
        var anchorWall = sent[0]["wallTime"]!.GetValue<double>();
        var anchorTime = sent[0]["timestamp"]!.GetValue<double>();
        var entries = new JsonArray();
        foreach (var request in sent)
        {
            var id = request["requestId"]!.GetValue<string>();
            var response = Find(events, "Network.responseReceived", id)?["response"];
            var finished = Find(events, "Network.loadingFinished", id);
            if (response is null || finished is null)
                continue; // failed or cancelled: a browser's HAR keeps them, but they carry nothing to replay
            var started = request["timestamp"]!.GetValue<double>();
            var wall = anchorWall + (started - anchorTime);
            var body = await browser.CallAsync("Network.getResponseBody", new JsonObject { ["requestId"] = id }, cancel);
            var content = new JsonObject
            {
                ["size"] = body["body"]!.GetValue<string>().Length,
                ["mimeType"] = response["mimeType"]!.GetValue<string>(),
                ["text"] = body["body"]!.GetValue<string>(),
            };
            if (body["base64Encoded"]!.GetValue<bool>())
                content["encoding"] = "base64";
            var req = request["request"]!;
            var har = new JsonObject
            {
                ["pageref"] = "page_1",
                ["startedDateTime"] = DateTimeOffset.UnixEpoch.AddTicks((long)(wall * TimeSpan.TicksPerSecond)).ToString("o", CultureInfo.InvariantCulture),
                ["time"] = Math.Round((finished["timestamp"]!.GetValue<double>() - started) * 1000, 3),
                ["request"] = new JsonObject
                {
                    ["method"] = req["method"]!.GetValue<string>(),
                    ["url"] = req["url"]!.GetValue<string>(),
                    ["httpVersion"] = "HTTP/1.1",
                    ["headers"] = Headers(req["headers"]!.AsObject()),
                    ["queryString"] = new JsonArray(),
                    ["cookies"] = new JsonArray(),
                    ["headersSize"] = -1,
                    ["bodySize"] = -1,
                },
                ["response"] = new JsonObject
                {
                    ["status"] = response["status"]!.GetValue<int>(),
                    ["statusText"] = response["statusText"]?.GetValue<string>() ?? "",
                    ["httpVersion"] = response["protocol"]?.GetValue<string>() ?? "http/1.1",
                    ["headers"] = Headers(response["headers"]!.AsObject()),
                    ["cookies"] = new JsonArray(),
                    ["content"] = content,
                    ["redirectURL"] = "",
                    ["headersSize"] = -1,
                    ["bodySize"] = -1,
                },
                ["cache"] = new JsonObject(),
                ["timings"] = new JsonObject { ["send"] = 0, ["wait"] = 0, ["receive"] = 0 },
            };
            if (await PostData(browser, request, cancel) is { } post)
            {
                var type = req["headers"]!.AsObject().FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value?.GetValue<string>();
                har["request"]!["postData"] = new JsonObject { ["mimeType"] = type ?? "", ["text"] = post };
            }
            entries.Add(har);
        }
        var log = new JsonObject
        {
            ["log"] = new JsonObject
            {
                ["version"] = "1.2",
                ["creator"] = new JsonObject { ["name"] = "barrage functional tests (Chromium DevTools)", ["version"] = "1" },
                ["pages"] = new JsonArray(new JsonObject
                {
                    ["id"] = "page_1",
                    ["startedDateTime"] = DateTimeOffset.UnixEpoch.AddTicks((long)(anchorWall * TimeSpan.TicksPerSecond)).ToString("o", CultureInfo.InvariantCulture),
                    ["title"] = "barrage target",
                    ["pageTimings"] = new JsonObject(),
                }),
                ["entries"] = entries,
            },
        };
        await File.WriteAllTextAsync(path, log.ToJsonString(), cancel);
        return entries;
    }

    private static int Pending(IReadOnlyList<JsonNode> events)
    {
        var open = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            var id = e["params"]?["requestId"]?.GetValue<string>();
            switch (Method(e))
            {
                case "Network.requestWillBeSent" when e["params"]!["request"]!["url"]!.GetValue<string>().StartsWith("http", StringComparison.Ordinal):
                    open.Add(id!);
                    break;
                case "Network.loadingFinished" or "Network.loadingFailed":
                    open.Remove(id!);
                    break;
            }
        }
        return open.Count;
    }

    // Chromium leaves larger bodies out of the event; it gives them on request.
    private static async Task<string?> PostData(HeadlessChromium browser, JsonNode request, CancellationToken cancel)
    {
        if (request["request"]!["postData"]?.GetValue<string>() is { } inline)
            return inline;
        if (request["request"]!["hasPostData"]?.GetValue<bool>() != true)
            return null;
        var post = await browser.CallAsync("Network.getRequestPostData", new JsonObject { ["requestId"] = request["requestId"]!.GetValue<string>() }, cancel);
        return post["postData"]?.GetValue<string>();
    }

    private static string? Method(JsonNode e) => e["method"]?.GetValue<string>();

    private static JsonNode? Find(IReadOnlyList<JsonNode> events, string method, string requestId) =>
        events.LastOrDefault(e => Method(e) == method && e["params"]!["requestId"]!.GetValue<string>() == requestId)?["params"];

    // DevTools joins repeated headers with newlines; HAR lists each.
    private static JsonArray Headers(JsonObject headers)
    {
        var list = new JsonArray();
        foreach (var (name, value) in headers)
        {
            foreach (var line in (value?.GetValue<string>() ?? "").Split('\n'))
                list.Add(new JsonObject { ["name"] = name, ["value"] = line });
        }
        return list;
    }
}
