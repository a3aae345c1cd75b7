using Barrage.Plans;
using Barrage.Scenarios;
using Barrage.Target;

namespace Barrage.FunctionalTests.Scenarios;

/// <summary><c>http2: true</c> on a request: it goes over HTTP/2 while the others keep HTTP/1.1, and its response is checked and extracted from.</summary>
public sealed class Http2InScenarioTests : IAsyncLifetime
{
    private TargetServer _server = null!;

    public async Task InitializeAsync() => _server = await TargetServer.StartAsync(new TargetServerOptions { Http2Listen = "127.0.0.1:0", TlsListen = "127.0.0.1:0" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Http2Request_IsSentAsHttp2_AndItsResponseFeedsChecksExtractionAndCookies()
    {
        var h2 = _server.Http2Address!;
        var plan = PlanLoader.Parse($$"""
            target: {{_server.BaseAddress}}
            load: { users: 2, iterations: 2 }
            scenario:
              main:
                - get: {{h2}}echo?u=${user_id}
                  http2: true
                  tag: h2 echo
                  check: { json: { path: "$.protocol", equals: HTTP/2 }, name: over h2 }
                  extract: { proto: { json: "$.protocol" }, query: { json: "$.query" } }
                - get: {{h2}}cookies/set?sid=h2-${user_id}
                  http2: true
                - post: /echo
                  body: "${proto} ${query}"
                  check:
                    - { json: { path: "$.protocol", equals: HTTP/1.1 }, name: over h1 }
                    - { body_regex: 'HTTP/2 \?u=\d', name: extracted }
                - get: /cookies
                  check: { body_regex: '"sid":"h2-\d"', name: cookie from h2 }
            """, "plan.yaml");
        var sink = new CollectingSink();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await new BarrageRunner(plan, _server.BaseAddress, sink).RunAsync(timeout.Token);

        Assert.Equal(0, result.Total.Errors);
        Assert.Equal(8, _server.Stats.ByProtocol["HTTP/2"]);
        Assert.Equal(8, _server.Stats.ByProtocol["HTTP/1.1"]);
        foreach (var check in new[] { "over h2", "extract proto", "extract query", "over h1", "extracted", "cookie from h2" })
            Assert.True(sink.Count(check, passed: true) == 4, $"{check}: {sink.Count(check, passed: true)} passed, {sink.Count(check, passed: false)} failed");
    }

    [Fact]
    public async Task PlanLevelHttp2_SendsEveryRequestOverHttp2_WithChecks()
    {
        var plan = PlanLoader.Parse($"""
            target: {_server.Http2Address}
            http: {"{"} http2: true {"}"}
            load: {"{"} users: 2, iterations: 3 {"}"}
            scenario:
              main:
                - get: /echo
                  check: {"{"} json: {"{"} path: "$.protocol", equals: HTTP/2 {"}"}, name: h2 {"}"}
            """, "plan.yaml");
        var sink = new CollectingSink();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await new BarrageRunner(plan, _server.Http2Address!, sink).RunAsync(timeout.Token);

        Assert.Equal(6, result.Total.Successes);
        Assert.Equal(6, sink.Count("h2", passed: true));
        Assert.False(_server.Stats.ByProtocol.ContainsKey("HTTP/1.1"));
    }

    [Fact]
    public async Task Https_OneListener_Http2ByAlpnForTheRequestThatAsks_Http11ForTheOthers()
    {
        var plan = PlanLoader.Parse($"""
            target: {_server.TlsAddress}
            tls: {"{"} verify: false {"}"}
            load: {"{"} users: 1, iterations: 2 {"}"}
            scenario:
              main:
                - get: /echo
                  check: {"{"} json: {"{"} path: "$.protocol", equals: HTTP/1.1 {"}"}, name: h1 {"}"}
                - get: /echo
                  http2: true
                  check: {"{"} json: {"{"} path: "$.protocol", equals: HTTP/2 {"}"}, name: h2 {"}"}
            """, "plan.yaml");
        var sink = new CollectingSink();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var result = await new BarrageRunner(plan, _server.TlsAddress!, sink).RunAsync(timeout.Token);

        Assert.Equal(4, result.Total.Successes);
        Assert.Equal((2, 2), (sink.Count("h1", passed: true), sink.Count("h2", passed: true)));
    }
}
