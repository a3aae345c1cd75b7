using Barrage.Plans;
using Barrage.Scenarios;
using Barrage.Transport;

namespace Barrage.FunctionalTests.Scenarios;

/// <summary>Scenarios run against the built-in target: every activity kind, macros, sessions; the target's stats show what arrived.</summary>
public sealed class ScenarioRunTests : TargetTest
{
    private Plan Load(string yaml) => PlanLoader.Parse($"target: {Server.BaseAddress}\n{yaml}", "plan.yaml");

    private async Task<BarrageResult> Run(string yaml, ITransportFactory? transports = null, ScenarioOptions? options = null)
    {
        var plan = Load(yaml);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await new BarrageRunner(plan, Server.BaseAddress, options: options, transports: transports).RunAsync(timeout.Token);
    }

    private long Arrived(string path) => Server.Stats.ByPath.GetValueOrDefault(path);

    [Fact]
    public async Task LoopsIfCallAndSet_RunWhatTheySay()
    {
        var result = await Run("""
            load: { users: 2, iterations: 2 }
            variables: { done: "no" }
            scenario:
              init:
                - set: { first: "1" }
              main:
                - repeat: 3
                  do: [ { get: "/bytes/${first}" } ]
                - loop: 5
                  while: "done != 'yes'"
                  do:
                    - get: /bytes/2
                    - set: { done: "yes" }
                - if: "iteration == 0"
                  then: [ { get: /bytes/3 } ]
                  else: [ { get: /bytes/4 } ]
                - call: twice
                  times: 2
                - think: 1ms..5ms
                - log: "user ${user_id} done with ${iteration}"
              end:
                - get: /bytes/6
              sequences:
                twice: [ { get: /bytes/5 } ]
            """);

        Assert.Equal(2 * 2 * 3, Arrived("/bytes/1"));
        Assert.Equal(2, Arrived("/bytes/2")); // once per user: the variable stays set across iterations
        Assert.Equal(2, Arrived("/bytes/3"));
        Assert.Equal(2, Arrived("/bytes/4"));
        Assert.Equal(2 * 2 * 2, Arrived("/bytes/5"));
        Assert.Equal(2, Arrived("/bytes/6"));
        Assert.Equal(Server.Stats.Requests, result.Total.Requests);
        Assert.Equal(0, result.Total.Errors);
    }

    [Fact]
    public async Task Macros_AreRenderedPerUserAndPerSend()
    {
        var capture = new CapturingTransports();
        var result = await Run("""
            load: { users: 3, iterations: 2 }
            variables: { size: "${random_int(7,7)}", who: "user-${user_id}" }
            headers: { X-Who: "${who}" }
            scenario:
              main:
                - get: /bytes/${user_id}
                  query: { it: "${iteration}", q: "a b&c" }
                - get: /bytes/${size}
                - post: /echo
                  json: { name: "${who}", n: 1, id: "${uuid()}" }
                  tag: echo
            """, capture);

        Assert.Equal(2, Arrived("/bytes/1"));
        Assert.Equal(2, Arrived("/bytes/2"));
        Assert.Equal(2, Arrived("/bytes/3"));
        Assert.Equal(6, Arrived("/bytes/7"));
        Assert.Equal(6, result.ByTag["echo"].Requests);
        Assert.Equal(6, result.ByTag["echo"].Successes);
        Assert.Equal(6, result.ByTag["GET /bytes/${user_id}"].Requests);
        var requests = capture.Requests.ToList();
        Assert.Contains(requests, r => r.StartsWith("GET /bytes/2?it=1&q=a%20b%26c HTTP/1.1\r\n", StringComparison.Ordinal) && r.Contains("\r\nX-Who: user-2\r\n", StringComparison.Ordinal));
        var echo = requests.First(r => r.StartsWith("POST /echo", StringComparison.Ordinal));
        Assert.Contains("Content-Type: application/json\r\n", echo, StringComparison.Ordinal);
        var body = System.Text.Json.JsonDocument.Parse(echo[(echo.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]).RootElement;
        Assert.StartsWith("user-", body.GetProperty("name").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, body.GetProperty("n").GetInt32());
        Assert.True(Guid.TryParse(body.GetProperty("id").GetString(), out _));
        Assert.Equal(6, requests.Where(r => r.StartsWith("POST /echo", StringComparison.Ordinal)).Select(r => r[^40..]).Distinct().Count());
    }

    [Fact]
    public async Task FixedRequests_AreSentAsPreparedRequests_NotRendered()
    {
        var capture = new CapturingTransports();
        await Run("""
            load: { users: 1, iterations: 2 }
            headers: { X-Fixed: "yes" }
            auth: { bearer: "t0k" }
            scenario:
              main:
                - post: /echo
                  form: { a: "1 2", b: "x" }
            """, capture);

        var request = capture.Requests.First();
        Assert.StartsWith("POST /echo\r\n", request, StringComparison.Ordinal);
        Assert.Contains("X-Fixed: yes\r\nAuthorization: Bearer t0k\r\nContent-Type: application/x-www-form-urlencoded", request, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\na=1%202&b=x", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auth_BasicAndBearer_AreAccepted_AndWithoutThemTheTargetSays401()
    {
        var result = await Run("""
            load: { users: 1, iterations: 2 }
            variables: { pass: secret }
            auth: { basic: { user: ann, password: "${pass}" } }
            scenario:
              main:
                - get: /basic-auth/ann/secret
                  tag: basic
                - get: /bearer
                  auth: { bearer: "tok-${user_id}" }
                  tag: bearer
                - get: /bearer
                  headers: { Authorization: "Nothing here" }
                  tag: none
            """);

        Assert.Equal(2, result.ByTag["basic"].StatusCounts.Single(s => s.Key == 200).Value);
        Assert.Equal(2, result.ByTag["bearer"].StatusCounts.Single(s => s.Key == 200).Value);
        Assert.Equal(2, result.ByTag["none"].StatusCounts.Single(s => s.Key == 401).Value);
    }

    [Theory]
    [InlineData("", 4)]
    [InlineData("      limit: 2", 2)]
    public async Task Parallel_KeepsItsBranchesInFlightAtOnce_UpToTheLimit(string limit, int expected)
    {
        var result = await Run($"""
            load: {"{"} users: 1, iterations: 1 {"}"}
            scenario:
              main:
                - get: /bytes/1
                - parallel:
                    - get: /delay/600
                    - get: /delay/600
                    - get: /delay/600
                    - get: /delay/600
            {limit}
                - get: /bytes/2
            """);

        Assert.Equal(expected, Server.Stats.MaxInFlight);
        Assert.Equal(4, Arrived("/delay/600")); // 600 ms each: long enough to overlap on a loaded machine
        Assert.Equal(6, result.Total.Successes);
    }

    [Fact]
    public async Task Group_GetsItsOwnRow_FromTheFirstStartToTheLastEnd()
    {
        var result = await Run("""
            load: { users: 2, iterations: 2 }
            scenario:
              main:
                - group: checkout
                  do:
                    - get: /delay/100
                    - get: /status/404
                    - get: /delay/100
            """);

        var group = result.ByTag["checkout"];
        Assert.Equal(4, group.Requests);
        // The histogram keeps 3 significant digits: a recorded 200 000 µs may read back as its bucket's lowest value (199 935).
        Assert.True(group.ServiceTime.GetValueAtPercentile(0) >= 199_800, $"a group of two 100 ms requests took {group.ServiceTime.GetValueAtPercentile(0)} µs");
        Assert.Equal(4, group.HttpErrors); // the worst status of its requests
        Assert.Equal(8, result.ByTag["GET /delay/100"].Requests);
        // The run's totals count requests: the group's own samples are not requests, and its requests count already.
        Assert.Equal(12, result.Total.Requests);
        Assert.Equal(4, result.Total.HttpErrors);
    }

    [Fact]
    public async Task Timeout_PerRequest_EndsTheRequestWithNetCode110()
    {
        var result = await Run("""
            load: { users: 1, iterations: 1 }
            scenario:
              main:
                - get: /delay/5000
                  timeout: 200ms
                  tag: slow
                - get: /bytes/1
            """);

        Assert.Equal(1, result.ByTag["slow"].NetCodeCounts[NetCodes.Timeout]);
        Assert.Equal(1, Arrived("/bytes/1"));
    }

    [Fact]
    public async Task OpenModel_RunsOneIterationPerArrival()
    {
        var result = await Run("""
            load: { model: open, schedule: "const(20, 1s)" }
            scenario:
              init: [ { get: /bytes/9 } ]
              main:
                - get: /bytes/1
                - set: { x: "2" }
                - get: /bytes/${x}
            """);

        Assert.Equal(20, Arrived("/bytes/1"));
        Assert.Equal(20, Arrived("/bytes/2"));
        Assert.InRange(Arrived("/bytes/9"), 1, 20);
        Assert.Equal(0, result.Total.Errors);
    }

    [Fact]
    public async Task BodiesFromFilesAndMultipart_AreSent()
    {
        var file = Dir.File("upload.txt", "file-content");
        var capture = new CapturingTransports();
        var result = await Run($"""
            load: {"{"} users: 1, iterations: 1 {"}"}
            scenario:
              main:
                - put: /echo
                  file: {file}
                  tag: file
                - post: /echo
                  tag: multipart
                  multipart:
                    - {"{"} name: title, value: "by ${"{"}user_id{"}"}" {"}"}
                    - {"{"} name: doc, file: {file}, content_type: text/plain {"}"}
            """, capture);

        Assert.Equal(2, result.Total.Successes);
        var multipart = capture.Requests.Single(r => r.StartsWith("POST", StringComparison.Ordinal));
        Assert.Contains("Content-Type: multipart/form-data; boundary=barrage-", multipart, StringComparison.Ordinal);
        Assert.Contains("Content-Disposition: form-data; name=\"title\"\r\n\r\nby 1\r\n", multipart, StringComparison.Ordinal);
        Assert.Contains("Content-Disposition: form-data; name=\"doc\"; filename=\"upload.txt\"\r\nContent-Type: text/plain\r\n\r\nfile-content\r\n", multipart, StringComparison.Ordinal);
        Assert.Contains("\r\n\r\nfile-content", capture.Requests.Single(r => r.StartsWith("PUT", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UrlsThatStartWithAMacro_AreAPathOrAnAbsoluteUrlOnceRendered()
    {
        // k6's `${BASE}/items`, and a Location extracted from a 302 then followed: refused by validation before.
        var origin = Server.BaseAddress.GetLeftPart(UriPartial.Authority);
        var result = await Run($$"""
            load: { users: 1, iterations: 2 }
            variables: { origin: "{{origin}}", path: "/bytes/2", authority: "{{Server.BaseAddress.Authority}}" }
            scenario:
              main:
                - get: "${origin}/bytes/1"
                - get: "${path}"
                - get: "http://${authority}/bytes/3"
                - get: /status/302
                  extract: { next: { header: Location } }
                - get: "${next}bytes/4"
            """);

        Assert.Equal(2, Arrived("/bytes/1"));
        Assert.Equal(2, Arrived("/bytes/2"));
        Assert.Equal(2, Arrived("/bytes/3"));
        Assert.Equal(2, Arrived("/bytes/4"));
        Assert.Equal(0, result.Total.Errors);
    }

    [Fact]
    public void UrlsThatStartWithText_StillMustBeAPathOrAUrl()
    {
        var e = Assert.Throws<PlanException>(() => Load("""
            load: { users: 1, iterations: 1 }
            variables: { id: "1" }
            scenario:
              main:
                - get: "items/${id}"
            """));

        Assert.Contains("expected a path starting with '/'", e.Message, StringComparison.Ordinal);
    }
}
