using System.Text;
using Barrage.Formats.Har;
using Barrage.Formats.Imports;
using Barrage.Plans;
using YamlDotNet.RepresentationModel;

namespace Barrage.Formats.Tests.Imports;

public sealed class HarImportTests
{
    private static string Entry(string page, string started, int ms, string method, string url, string headers = "", string post = "") =>
        $$$"""{"pageref": "{{{page}}}", "startedDateTime": "2026-11-23T10:00:{{{started}}}Z", "time": {{{ms}}}, "request": {"method": "{{{method}}}", "url": "{{{url}}}", "headers": [{{{headers}}}]{{{post}}}}, "response": {}}""";

    private static IReadOnlyList<HarEntry> Har(params string[] entries) =>
        HarReader.Read(new MemoryStream(Encoding.UTF8.GetBytes($$$"""{"log": {"version": "1.2", "entries": [{{{string.Join(",\n", entries)}}}]}}""")), "t.har");

    private static YamlSequenceNode MainOf(ImportResult result)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(result.Yaml));
        return (YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["scenario"])["main"];
    }

    private static string Key(YamlNode activity) => ((YamlScalarNode)((YamlMappingNode)activity).Children.Keys.First()).Value!;

    private static string Value(YamlNode activity, string key) => ((YamlScalarNode)((YamlMappingNode)activity)[key]).Value!;

    [Fact]
    public void SequentialRequests_WithoutPauses_MakeAPlanThatLoads()
    {
        var entries = Har(
            Entry("p", "00.000", 100, "GET", "http://shop.test:8080/?a=1", """{"name": "Accept", "value": "text/html"}, {"name": ":path", "value": "/"}, {"name": "Connection", "value": "keep-alive"}"""),
            Entry("p", "00.200", 50, "post", "http://shop.test:8080/login", """{"name": "Content-Type", "value": "application/x-www-form-urlencoded"}""",
                """, "postData": {"mimeType": "application/x-www-form-urlencoded", "params": [{"name": "user", "value": "a b"}, {"name": "pw", "value": "x&y"}]}"""));

        var plan = PlanLoader.Parse(HarImport.Import(entries, "/rec/shop.har", new HarImportOptions()).Yaml, "shop.yaml");

        Assert.Equal("shop", plan.Name);
        Assert.Equal(new Uri("http://shop.test:8080/"), plan.Target.Url);
        var main = plan.Scenario.Main.Cast<RequestActivity>().ToList();
        Assert.Equal(["GET /?a=1", "POST /login"], main.Select(r => $"{r.Method} {r.Url}"));
        Assert.Equal([new("Accept", "text/html")], main[0].Headers);   // pseudo-headers and hop-by-hop ones go
        Assert.Equal("user=a%20b&pw=x%26y", main[1].Body);
    }

    [Fact]
    public void OverlappingRequests_BecomeParallelGroups_AndPausesThinkTimes()
    {
        var entries = Har(
            Entry("home", "00.000", 100, "GET", "http://shop.test/"),
            Entry("home", "00.150", 50, "GET", "http://shop.test/app.css"),
            Entry("home", "00.160", 80, "GET", "http://cdn.test/app.js"),     // overlaps app.css
            Entry("home", "00.230", 40, "GET", "http://shop.test/logo.png"),  // overlaps app.js, not app.css: still the same group
            Entry("home", "00.500", 10, "GET", "http://shop.test/short-pause"), // 230 ms after the group: no think within a page
            Entry("cart", "03.000", 30, "GET", "http://shop.test/cart"));   // a new page: the pause is a think time

        var main = MainOf(HarImport.Import(entries, "t.har", new HarImportOptions()));

        Assert.Equal(["get", "parallel", "get", "think", "get"], main.Select(Key));
        var parallel = (YamlSequenceNode)((YamlMappingNode)main[1])["parallel"];
        Assert.Equal(["/app.css", "http://cdn.test/app.js", "/logo.png"], parallel.Select(r => Value(r, "get")));
        Assert.Equal("2490ms", Value(main[3], "think"));
    }

    [Fact]
    public void ALongPauseWithinAPage_IsAThinkTime_FromMinThink()
    {
        var entries = Har(Entry("p", "00.000", 100, "GET", "http://a.test/1"), Entry("p", "00.700", 10, "GET", "http://a.test/2"));

        Assert.Equal(["get", "get"], MainOf(HarImport.Import(entries, "t.har", new HarImportOptions())).Select(Key));
        Assert.Equal(["get", "think", "get"], MainOf(HarImport.Import(entries, "t.har", new HarImportOptions { MinThink = TimeSpan.FromMilliseconds(500) })).Select(Key));
    }

    [Fact]
    public void HostFilters_CookiesAndBrowserHeaders_AreLeftOutAndSaidSo()
    {
        var headers = """{"name": "Cookie", "value": "sid=1"}, {"name": "sec-fetch-mode", "value": "cors"}, {"name": "If-None-Match", "value": "x"}, {"name": "X-Api", "value": "2"}""";
        var entries = Har(
            Entry("p", "00.000", 10, "GET", "http://www.shop.test/", headers),
            Entry("p", "00.100", 10, "GET", "http://stats.tracker.test/hit"),
            Entry("p", "00.200", 10, "GET", "http://img.shop.test/a.png"));

        var result = HarImport.Import(entries, "t.har", new HarImportOptions { Include = ["*.shop.test"], Exclude = ["img.*"] });
        var kept = HarImport.Import(entries, "t.har", new HarImportOptions { Include = ["www.shop.test"], KeepCookies = true, KeepHeaders = true });

        var request = Assert.IsType<RequestActivity>(Assert.Single(PlanLoader.Parse(result.Yaml, "f.yaml").Scenario.Main));
        Assert.Equal([new("X-Api", "2")], request.Headers);
        Assert.Contains("# Left out by the host filters: 2 request(s) to img.shop.test, stats.tracker.test.", result.Yaml, StringComparison.Ordinal);
        Assert.Contains("1 recorded Cookie header(s) left out", result.Yaml, StringComparison.Ordinal);
        var all = Assert.IsType<RequestActivity>(Assert.Single(PlanLoader.Parse(kept.Yaml, "k.yaml").Scenario.Main));
        Assert.Equal(["Cookie", "sec-fetch-mode", "If-None-Match", "X-Api"], all.Headers.Select(h => h.Key));
    }

    [Fact]
    public void TheTargetIsTheBusiestOrigin_OthersStayAbsolute()
    {
        var entries = Har(
            Entry("p", "00.000", 10, "GET", "https://cdn.test/a.js"),
            Entry("p", "00.100", 10, "GET", "https://shop.test/1"),
            Entry("p", "00.200", 10, "GET", "https://shop.test/2"));

        var plan = PlanLoader.Parse(HarImport.Import(entries, "t.har", new HarImportOptions()).Yaml, "t.yaml");

        Assert.Equal(new Uri("https://shop.test/"), plan.Target.Url);
        Assert.Equal(["https://cdn.test/a.js", "/1", "/2"], plan.Scenario.Main.Cast<RequestActivity>().Select(r => r.Url));
    }

    [Theory]
    [InlineData("{\"log\": {\"entries\": [}", "t.har:1:")]
    [InlineData("{\"entries\": []}", "t.har: log is missing")]
    [InlineData("{\"log\": {\"entries\": [{\"startedDateTime\": \"2026-01-01T00:00:00Z\", \"request\": {\"method\": \"GET\"}}]}}", "t.har: log.entries[0].request.url is missing")]
    [InlineData("{\"log\": {\"entries\": [{\"startedDateTime\": \"yesterday\", \"request\": {\"method\": \"GET\", \"url\": \"http://a/\"}}]}}", "log.entries[0].startedDateTime: 'yesterday'")]
    [InlineData("{\"log\": {\"entries\": [{\"startedDateTime\": \"2026-01-01T00:00:00Z\", \"request\": {\"method\": \"GET\", \"url\": \"/rel\"}}]}}", "log.entries[0].request.url: '/rel' is not an absolute http(s) or ws(s) URL")]
    [InlineData("{\"log\": {\"entries\": [{\"startedDateTime\": \"2026-01-01T00:00:00Z\", \"request\": {\"method\": \"GET\", \"url\": \"ws://a/\"}, \"_webSocketMessages\": [{\"type\": \"ping\", \"data\": \"\"}]}]}}", "log.entries[0]._webSocketMessages[0].type: expected 'send' or 'receive', got 'ping'")]
    public void NotHar_IsAClearError_NamingTheFieldOrLine(string json, string expected)
    {
        var e = Assert.Throws<ImportException>(() => HarReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "t.har"));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EverythingFilteredOut_IsAnError()
    {
        var entries = Har(Entry("p", "00.000", 10, "GET", "http://a.test/"));

        var e = Assert.Throws<ImportException>(() => HarImport.Import(entries, "t.har", new HarImportOptions { Exclude = ["*"] }));

        Assert.Contains("left out all 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AWebSocketOfTheRecording_BecomesItsSteps_InOrder_BesideTheRequests()
    {
        // Chromium saves a page's web socket as a ws:// entry open for as long as the page was, messages beside it.
        // The import used to refuse the whole file: "log.entries[1].request.url: 'ws://...' is not an absolute http(s) URL".
        var socket = Entry("p", "00.100", 30000, "GET", "ws://shop.test/live?room=1",
            """{"name": "Upgrade", "value": "websocket"}, {"name": "Sec-WebSocket-Key", "value": "k"}, {"name": "Sec-WebSocket-Protocol", "value": "chat, superchat"}, {"name": "Origin", "value": "http://shop.test"}""");
        socket = socket[..^1] + """
            , "_resourceType": "websocket", "_webSocketMessages": [
            {"type": "send", "time": 1795428000.2, "opcode": 1, "data": "{\"join\": \"${room}\"}"},
            {"type": "receive", "time": 1795428000.3, "opcode": 1, "data": "joined"},
            {"type": "send", "time": 1795428000.4, "opcode": 2, "data": "AAEC"}]}
            """;
        var entries = Har(
            Entry("p", "00.000", 50, "GET", "http://shop.test/"),
            socket,
            Entry("p", "00.500", 20, "GET", "http://shop.test/api"),     // while the socket is open: not a parallel group with it
            Entry("p", "00.510", 20, "GET", "https://other.test/feed"));

        var result = HarImport.Import(entries, "t.har", new HarImportOptions());
        var plan = PlanLoader.Parse(result.Yaml, "t.yaml");

        Assert.Equal(new Uri("http://shop.test/"), plan.Target.Url);
        Assert.Equal(["get", "ws_connect", "ws_send", "ws_receive", "ws_close", "parallel"], MainOf(result).Select(Key));
        var connect = Assert.IsType<WebSocketConnectActivity>(plan.Scenario.Main[1]);
        Assert.Equal("/live?room=1", connect.Url);
        Assert.Equal("chat", connect.Subprotocol);
        Assert.Equal([new("Origin", "http://shop.test")], connect.Headers);
        Assert.Equal("{\"join\": \"${room}\"}", Value(MainOf(result)[2], "ws_send").Replace("$${", "${", StringComparison.Ordinal));
        Assert.Contains("1 binary message(s) sent were left out", result.Yaml, StringComparison.Ordinal);
    }
}
