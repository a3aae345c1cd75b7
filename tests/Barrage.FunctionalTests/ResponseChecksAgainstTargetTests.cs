using Barrage.Metrics;
using Barrage.Plans;
using Barrage.Plans.Yaml;
using Barrage.Scenarios;
using Barrage.Transport;
using Barrage.Transport.Http1;

namespace Barrage.FunctionalTests;

/// <summary>Captured responses of the built-in target, judged by checks and mined by extractors read from YAML.</summary>
public sealed class ResponseChecksAgainstTargetTests : TargetTest
{
    private static readonly TransportOptions Options = new() { ConnectTimeout = TimeSpan.FromSeconds(5), RequestTimeout = TimeSpan.FromSeconds(5) };

    private sealed class Scope : IVariableScope
    {
        public Dictionary<string, string> Values { get; } = [];

        public bool TryGet(string name, out string value) => Values.TryGetValue(name, out value!);

        public void Set(string name, string value) => Values[name] = value;
    }

    private static ResponseRules Rules(string yaml)
    {
        var reader = new NodeReader();
        var root = (MappingNode)YamlTree.Parse(yaml, "r.yaml", reader.Errors)!;
        var checks = root.Find("check") is { } c ? CheckSchema.Read(new YamlValue(c, "check"), reader) : [];
        var extractors = root.Find("extract") is { } e ? ExtractSchema.Read(new YamlValue(e, "extract"), reader) : [];
        Assert.Empty(reader.Errors);
        return new ResponseRules(checks, extractors);
    }

    private async Task<TransportResult> GetAsync(ITransport transport, string path) =>
        await transport.SendAsync(new PreparedRequest("GET", Url(path), [], ReadOnlyMemory<byte>.Empty, path) { CaptureResponse = true }, CancellationToken.None);

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task Capture_EncodedBodies_AreDecoded_BytesInStayOnTheWire(string coding)
    {
        await using var transport = new Http1TransportFactory(Options).Create();

        var plain = await GetAsync(transport, "/bytes/20000");
        var encoded = await GetAsync(transport, $"/{coding}/20000");

        Assert.Equal(coding, encoded.Response!.Header("Content-Encoding"));
        Assert.Equal(plain.Response!.Body.ToArray(), encoded.Response.Body.ToArray());
        Assert.True(encoded.BytesIn < plain.BytesIn / 2, $"{encoded.BytesIn} wire bytes for {coding}, {plain.BytesIn} plain");
    }

    [Fact]
    public async Task ChecksAndExtraction_OnJsonAndCookies_AreCountedPerCheckAndTag()
    {
        var rules = Rules("""
            check:
              status: 2xx
              json: { path: "$.items[1].name", equals: item 2 }
              header: { name: Content-Type, regex: json }
              body_contains: missing text
            extract:
              second: { json: "$.items[1].id" }
              sid: { cookie: sid }
            """);
        var sink = new MetricsCollector();
        var scope = new Scope();
        await using var transport = new Http1TransportFactory(Options).Create();
        Assert.True(rules.NeedsResponse);

        var json = await GetAsync(transport, "/json");
        var cookies = await GetAsync(transport, "/cookies/set?sid=abc123");
        var onJson = rules.Apply(new CheckInput(json, 1000), scope, sink, "json", 0);
        var onCookies = rules.Apply(new CheckInput(cookies, 1000), scope, sink, "cookies", 0);
        sink.Flush(new Aggregate());

        Assert.Equal((CheckFailureAction.Continue, CheckFailureAction.Continue), (onJson, onCookies));
        Assert.Equal(("2", "abc123"), (scope.Values["second"], scope.Values["sid"]));
        var counts = sink.Total.Checks.ToDictionary(kv => $"{kv.Key.Tag}: {kv.Key.Check}", kv => $"{kv.Value.Passed}/{kv.Value.Failed}");
        Assert.Equal("1/0", counts["json: json $.items[1].name == item 2"]);
        Assert.Equal("0/1", counts["json: body_contains 'missing text'"]);
        Assert.Equal("0/1", counts["json: extract sid"]);
        Assert.Equal("1/0", counts["cookies: extract sid"]);
        Assert.Equal("0/1", counts["cookies: json $.items[1].name == item 2"]);
        Assert.Equal(new CheckCounts(7, 5), sink.Total.ChecksTotal); // json: 4 of 6 pass; cookies: status, header and sid pass
    }
}
