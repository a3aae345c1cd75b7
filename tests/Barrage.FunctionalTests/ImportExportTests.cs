namespace Barrage.FunctionalTests;

/// <summary><c>barrage import</c> and <c>barrage export</c>: what they write runs, and sends what the source said.</summary>
public sealed class ImportExportTests : TargetTest
{
    [Fact]
    public async Task ImportedAmmo_RunsAsAPlan_AndSendsEveryRequestWithItsHeaders()
    {
        var ammo = Dir.File("shop.ammo", "[X-Token: abc]\n/status/201 created\n/bytes/7\n/echo echo\n");
        var plan = Path.Combine(Dir.Path, "shop.yaml");

        var (importCode, importOutput) = await CliRunner.RunAsync("import", "ammo", ammo, "--target", Server.BaseAddress.ToString(), "-o", plan);
        Assert.True(importCode == 0, importOutput);
        File.WriteAllText(plan, File.ReadAllText(plan).Replace("users: 10\n  duration: 1m", "users: 1\n  iterations: 2", StringComparison.Ordinal));
        var (code, output) = await CliRunner.RunAsync("run", plan);

        Assert.True(code == 0, output);
        Assert.Equal(6, Server.Stats.Requests);
        Assert.Equal(2, Server.Stats.ByStatus[201]);
        Assert.Equal(2, Server.Stats.ByPath["/bytes/7"]);
    }

    [Fact]
    public async Task ExportedAmmo_ReplaysThePlansRequests()
    {
        var plan = Dir.File("plan.yaml", """
            name: export
            target: builtin
            load: { users: 1, iterations: 1 }
            scenario:
              main:
                - get: /status/202
                - put: /echo
                  body: hello
            """);
        var ammo = Path.Combine(Dir.Path, "out.ammo");

        var (exportCode, exportOutput) = await CliRunner.RunAsync("export", "ammo", plan, "--target", Server.BaseAddress.ToString(), "-o", ammo);
        Assert.True(exportCode == 0, exportOutput);
        var (code, output) = await CliRunner.RunAsync(
            "run", "--ammo", ammo, "--ammo-once", "--target", Server.BaseAddress.ToString(), "-u", "1");

        Assert.True(code == 0, output);
        Assert.Equal(2, Server.Stats.Requests);
        Assert.Equal(1, Server.Stats.ByStatus[202]);
        Assert.Equal(1, Server.Stats.ByMethod["PUT"]);
        Assert.Equal("hello".Length, Server.Stats.BytesIn);
    }

    [Fact]
    public async Task ImportedHar_RunsAgainstTheRecordedOrigin()
    {
        var origin = Server.BaseAddress.GetLeftPart(UriPartial.Authority);
        var har = Dir.File("rec.har", $$$$"""
            {"log": {"version": "1.2", "entries": [
              {"startedDateTime": "2026-11-23T10:00:00.000Z", "time": 5, "request": {"method": "GET", "url": "{{{{origin}}}}/status/203", "headers": [{"name": "Cookie", "value": "sid=1"}]}},
              {"startedDateTime": "2026-11-23T10:00:00.100Z", "time": 5, "request": {"method": "POST", "url": "{{{{origin}}}}/echo", "headers": [], "postData": {"mimeType": "text/plain", "text": "abc"}}},
              {"startedDateTime": "2026-11-23T10:00:00.200Z", "time": 5, "request": {"method": "GET", "url": "http://tracker.test/pixel", "headers": []}}
            ]}}
            """);
        var plan = Path.Combine(Dir.Path, "rec.yaml");

        var (importCode, importOutput) = await CliRunner.RunAsync("import", "har", har, "--exclude", "tracker.test", "-o", plan);
        Assert.True(importCode == 0, importOutput);
        File.WriteAllText(plan, File.ReadAllText(plan).Replace("users: 10\n  duration: 1m", "users: 1\n  iterations: 3", StringComparison.Ordinal));
        var (code, output) = await CliRunner.RunAsync("run", plan);

        Assert.True(code == 0, output);
        Assert.Equal(6, Server.Stats.Requests);
        Assert.Equal(3, Server.Stats.ByStatus[203]);
        Assert.Equal(3 * "abc".Length, Server.Stats.BytesIn);
    }

    [Fact]
    public async Task Record_ThroughTheProxy_WritesAPlanThatReplaysTheTraffic()
    {
        var port = FreePort();
        var plan = Path.Combine(Dir.Path, "recorded.yaml");
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var recording = CliRunner.RunAsync(bound.Token,
            "record", "--listen", $"127.0.0.1:{port}", "--target", Server.BaseAddress.ToString(), "--requests", "3", "-o", plan);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await Eventually(async () => (await client.GetAsync(new Uri("/status/201", UriKind.Relative), bound.Token)).Dispose(), bound.Token);
        (await client.PostAsync(new Uri("/echo", UriKind.Relative), new StringContent("recorded body"), bound.Token)).Dispose();
        (await client.GetAsync(new Uri("/bytes/5", UriKind.Relative), bound.Token)).Dispose();

        var (code, output) = await recording;

        Assert.True(code == 0, output);
        Assert.Contains("recorded 3 request(s)", output, StringComparison.Ordinal);
        Server.Stats.Reset();
        File.WriteAllText(plan, File.ReadAllText(plan).Replace("users: 10\n  duration: 1m", "users: 1\n  iterations: 2", StringComparison.Ordinal));
        var (runCode, runOutput) = await CliRunner.RunAsync("run", plan);
        Assert.True(runCode == 0, runOutput);
        Assert.Equal(6, Server.Stats.Requests);
        Assert.Equal(2, Server.Stats.ByStatus[201]);
        Assert.Equal(2 * "recorded body".Length, Server.Stats.BytesIn);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    // The proxy starts in the background; its first request is retried until it listens.
    private static async Task Eventually(Func<Task> action, CancellationToken token)
    {
        while (true)
        {
            try
            {
                await action();
                return;
            }
            catch (HttpRequestException) when (!token.IsCancellationRequested)
            {
                await Task.Delay(50, token);
            }
        }
    }

    [Fact]
    public async Task Import_MissingFileOrBadTarget_IsBadInput_WithTheReason()
    {
        var (missing, missingOutput) = await CliRunner.RunAsync("import", "ammo", Path.Combine(Dir.Path, "nope.ammo"), "--target", "http://127.0.0.1:1");
        var (badTarget, badOutput) = await CliRunner.RunAsync("import", "ammo", Dir.File("a.ammo", "/x\n"), "--target", "ftp://x");
        var (builtin, builtinOutput) = await CliRunner.RunAsync("export", "ammo", Dir.File("p.yaml", "name: p\ntarget: builtin\nload: { users: 1, iterations: 1 }\nscenario: { main: [ { get: / } ] }\n"), "-o", Path.Combine(Dir.Path, "x.ammo"));

        Assert.Equal(2, missing);
        Assert.Contains("nope.ammo: no such file", missingOutput, StringComparison.Ordinal);
        Assert.Equal(2, badTarget);
        Assert.Contains("--target: 'ftp://x'", badOutput, StringComparison.Ordinal);
        Assert.Equal(2, builtin);
        Assert.Contains("--target", builtinOutput, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Dir.Path, "x.ammo")));
        Assert.DoesNotContain("   at ", missingOutput + badOutput + builtinOutput, StringComparison.Ordinal);
    }
}
