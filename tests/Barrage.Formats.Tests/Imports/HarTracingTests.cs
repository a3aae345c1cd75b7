using System.Text;
using System.Text.Json.Nodes;
using Barrage.Formats.Har;
using Barrage.Plans;

namespace Barrage.Formats.Tests.Imports;

/// <summary>The correlation pass of a HAR import: values from responses that later requests send back.</summary>
public sealed class HarTracingTests
{
    private static int _second;

    // One entry 100 ms after the last, 10 ms long, with its response.
    private static JsonObject Entry(string method, string url, JsonArray? headers = null, string? body = null,
        string? responseBody = null, string mime = "application/json", JsonArray? responseHeaders = null, int startMs = -1, int ms = 10)
    {
        var started = startMs >= 0 ? startMs : (_second += 100);
        var request = new JsonObject { ["method"] = method, ["url"] = url, ["headers"] = headers ?? new JsonArray() };
        if (body is not null)
            request["postData"] = new JsonObject { ["mimeType"] = "application/json", ["text"] = body };
        var content = new JsonObject { ["mimeType"] = mime };
        if (responseBody is not null)
            content["text"] = responseBody;
        return new JsonObject
        {
            ["startedDateTime"] = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero).AddMilliseconds(started).ToString("o"),
            ["time"] = ms,
            ["request"] = request,
            ["response"] = new JsonObject { ["status"] = 200, ["headers"] = responseHeaders ?? new JsonArray(), ["content"] = content },
        };
    }

    private static JsonArray Headers(params (string Name, string Value)[] headers) =>
        new([.. headers.Select(h => (JsonNode)new JsonObject { ["name"] = h.Name, ["value"] = h.Value })]);

    private static IReadOnlyList<HarEntry> Read(params JsonObject[] entries)
    {
        var har = new JsonObject { ["log"] = new JsonObject { ["version"] = "1.2", ["entries"] = new JsonArray([.. entries]) } };
        return HarReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(har.ToJsonString())), "t.har");
    }

    private static (string Yaml, Plan Plan) Import(IReadOnlyList<HarEntry> entries, bool trace = true)
    {
        var yaml = HarImport.Import(entries, "t.har", new HarImportOptions { Trace = trace }).Yaml;
        return (yaml, PlanLoader.Parse(yaml, "t.yaml"));
    }

    [Fact]
    public void JsonFields_TheClientSendsBack_BecomeExtractionsAndVariables()
    {
        _second = 0;
        var entries = Read(
            Entry("POST", "http://shop.test/login", body: """{"user":"alice-smith-1"}""", responseBody: """{"token":"abc123def456","user":"alice-smith-1","expires_in":3600}"""),
            Entry("POST", "http://shop.test/orders", Headers(("Authorization", "Bearer abc123def456")), "{}",
                """{"order":{"id":"ord-778899","number":20261123},"items":[{"sku":"SKU-000123"}]}"""),
            Entry("GET", "http://shop.test/orders/ord-778899?n=20261123", Headers(("Authorization", "Bearer abc123def456"))),
            Entry("POST", "http://shop.test/cart", body: """{"sku":"SKU-000123","qty":1}"""));

        var (yaml, plan) = Import(entries);

        var requests = plan.Scenario.Main.Cast<RequestActivity>().ToList();
        Assert.Equal("/orders/${id}?n=${number}", requests[2].Url);
        Assert.Equal("Bearer ${token}", requests[1].Headers.Single(h => h.Key == "Authorization").Value);
        Assert.Equal("Bearer ${token}", requests[2].Headers.Single(h => h.Key == "Authorization").Value);
        Assert.Equal("""{"sku":"${sku}","qty":1}""", requests[3].Body);
        Assert.Contains("json: $.token", yaml, StringComparison.Ordinal);
        Assert.Contains("json: $.order.id", yaml, StringComparison.Ordinal);
        Assert.Contains("json: $.order.number", yaml, StringComparison.Ordinal);
        Assert.Contains("json: $.items[0].sku", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("$.user", yaml, StringComparison.Ordinal); // the client sent it first: its own value, echoed
        Assert.Contains("# Traced 4 value(s)", yaml, StringComparison.Ordinal);
        Assert.Contains("#   token: json $.token of request 1 (POST /login), sent by request(s) 2, 3", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void HeaderAndPageTokens_AreTraced_CookiesAreLeftToTheJar()
    {
        _second = 0;
        var entries = Read(
            Entry("GET", "http://shop.test/form", mime: "text/html",
                responseBody: "<html><form>\n<input type=\"hidden\" name=\"nonce\" value=\"n0nce42abcdef0987654321\">\n</form></html>",
                responseHeaders: Headers(("X-Csrf-Token", "k9f8e7d6c5b4"), ("Set-Cookie", "sid=zzzzzzzz12345678; path=/"), ("Date", "Mon, 23 Nov 2026 10:00:00 GMT"))),
            Entry("POST", "http://shop.test/submit", Headers(("X-Csrf-Token", "k9f8e7d6c5b4"), ("Cookie", "sid=zzzzzzzz12345678")), "nonce=n0nce42abcdef0987654321&x=1"));

        var (yaml, plan) = Import(entries);

        var submit = (RequestActivity)plan.Scenario.Main[1];
        Assert.Equal("${x_csrf_token}", submit.Headers.Single(h => h.Key == "X-Csrf-Token").Value);
        Assert.Equal("nonce=${token}&x=1", submit.Body);
        Assert.Contains("header: X-Csrf-Token", yaml, StringComparison.Ordinal);
        Assert.Contains("regex: ", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("zzzzzzzz12345678", yaml, StringComparison.Ordinal); // Cookie left out, Set-Cookie never traced
        Assert.DoesNotContain("sid", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void ARequestStartedBeforeTheAnswerEnded_CannotUseIt_AndTraceOffKeepsTheRecordedValues()
    {
        _second = 0;
        var entries = Read(
            Entry("GET", "http://shop.test/a", responseBody: """{"key":"value-0123456789"}""", startMs: 0, ms: 50),
            Entry("GET", "http://shop.test/b?k=value-0123456789", startMs: 20, ms: 10),
            Entry("GET", "http://shop.test/c?k=value-0123456789x", startMs: 200, ms: 10));

        var (yaml, _) = Import(entries);
        var (untraced, plan) = Import(Read(
            Entry("GET", "http://shop.test/a", responseBody: """{"key":"value-0123456789"}""", startMs: 0),
            Entry("GET", "http://shop.test/b?k=value-0123456789", startMs: 100)), trace: false);

        Assert.DoesNotContain("extract", yaml, StringComparison.Ordinal); // b overlapped a; c's value is a longer one
        Assert.DoesNotContain("extract", untraced, StringComparison.Ordinal);
        Assert.Equal("/b?k=value-0123456789", ((RequestActivity)plan.Scenario.Main[1]).Url);
    }

    [Fact]
    public void Base64ResponseBodies_AreDecoded_AndRequestsWithoutResponsesStillImport()
    {
        var entry = Entry("GET", "http://shop.test/a", startMs: 0);
        entry["response"]!["content"]!["text"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"id":"abc-000111222"}"""));
        entry["response"]!["content"]!["encoding"] = "base64";
        var failed = Entry("GET", "http://shop.test/gone", startMs: 50);
        failed["response"] = new JsonObject { ["status"] = 0 };

        var entries = Read(entry, failed, Entry("GET", "http://shop.test/b/abc-000111222", startMs: 100));

        Assert.Equal("""{"id":"abc-000111222"}""", entries[0].Response!.Body);
        Assert.Null(entries[1].Response);
        Assert.Equal("/b/${id}", ((RequestActivity)Import(entries).Plan.Scenario.Main[2]).Url);
    }
}
