namespace Barrage.FunctionalTests.Scenarios;

/// <summary><c>barrage run</c> with scenarios: debug output, log lines, and mistakes reported before anything runs.</summary>
public sealed class ScenarioCliTests : TargetTest
{
    [Fact]
    public async Task Debug_PrintsEachRequestAndResponse_WithCredentialsMasked()
    {
        var plan = Dir.File("plan.yaml", $"""
            target: {Server.BaseAddress}
            load: {"{"} users: 1, iterations: 1 {"}"}
            variables: {"{"} token: "s3cret-token" {"}"}
            scenario:
              main:
                - get: /bearer
                  auth: {"{"} bearer: "${"{"}token{"}"}" {"}"}
                - get: /basic-auth/a/b
                  auth: {"{"} basic: {"{"} user: a, password: b {"}"} {"}"}
                - log: "got through as user ${"{"}user_id{"}"}"
            """);

        var (code, output) = await CliRunner.RunAsync("run", plan, "--debug", "--store", Path.Combine(Dir.Path, "store.db"));

        Assert.True(code == 0, output);
        Assert.Contains("[user 1] >> GET /bearer HTTP/1.1", output, StringComparison.Ordinal);
        Assert.Contains("Authorization: Bearer ***", output, StringComparison.Ordinal);
        Assert.Contains("Authorization: Basic ***", output, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", output, StringComparison.Ordinal);
        Assert.DoesNotContain("YTpi", output, StringComparison.Ordinal); // base64 of a:b
        Assert.Contains("[user 1] << 200 GET /bearer", output, StringComparison.Ordinal);
        Assert.Contains("[user 1] got through as user 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScenarioMistakes_AreAllReportedWithPositions_AndNothingRuns()
    {
        var plan = Dir.File("plan.yaml", $"""
            target: {Server.BaseAddress}
            load: {"{"} users: 1, iterations: 1 {"}"}
            scenario:
              main:
                - get: /x/${"{"}nope{"}"}
                - thinc: 1s
                - call: missing
            """);

        var (code, output) = await CliRunner.RunAsync("run", plan);

        Assert.Equal(2, code);
        Assert.Contains("plan.yaml:5:15: error: scenario.main[0].get: unknown variable 'nope'", output, StringComparison.Ordinal);
        Assert.Contains("plan.yaml:6:7: error: scenario.main[1]: unknown activity 'thinc'; did you mean 'think'?", output, StringComparison.Ordinal);
        Assert.Contains("plan.yaml:7:7: error: call: unknown sequence 'missing'", output, StringComparison.Ordinal);
        Assert.Equal(0, Server.Stats.Requests);
    }

    [Fact]
    public async Task Group_HasItsOwnRow_AndTheTotalsCountEachRequestOnce()
    {
        var plan = Dir.File("plan.yaml", $"""
            target: {Server.BaseAddress}
            load: {"{"} users: 2, iterations: 3 {"}"}
            scenario:
              main:
                - get: /bytes/100
                  tag: browse
                - group: checkout
                  do:
                    - get: /bytes/200
                      tag: cart
                    - get: /status/404
                      tag: pay
            """);
        var outDir = Path.Combine(Dir.Path, "out");
        var store = Path.Combine(Dir.Path, "store.db");

        var (code, output) = await CliRunner.RunAsync("run", plan, "--out", outDir, "--store", store);

        Assert.True(code == 0, output);
        var summary = ReadSummary(outDir);
        Assert.Equal(18, Server.Stats.Requests);
        Assert.Equal(18, summary.GetProperty("requests").GetInt64());
        Assert.Equal(6, summary.GetProperty("http_errors").GetInt64()); // the 404s, not the groups they made fail
        var tags = summary.GetProperty("tags").EnumerateArray().ToDictionary(t => t.GetProperty("tag").GetString()!, t => t);
        Assert.Equal(["browse", "cart", "checkout", "pay"], tags.Keys);
        Assert.Equal(6, tags["checkout"].GetProperty("requests").GetInt64());
        Assert.Equal(6, tags["checkout"].GetProperty("errors").GetInt64());
        var sumOfRequests = tags["browse"].GetProperty("requests").GetInt64() + tags["cart"].GetProperty("requests").GetInt64() + tags["pay"].GetProperty("requests").GetInt64();
        Assert.Equal(18, sumOfRequests);
        Assert.Contains("per tag", output, StringComparison.Ordinal);
        Assert.Matches(@"│ checkout +│ +6 │", output);

        // The stored run reads back the same: its row of all tags leaves the group out too.
        var (showCode, shown) = await CliRunner.RunAsync("show", "last", "--store", store);
        Assert.True(showCode == 0, shown);
        Assert.Matches(@"requests +18 ", shown);
        Assert.Matches(@"│ checkout +│ +6 │", shown);
    }
}
