using System.Text.Json;

namespace Barrage.FunctionalTests.Scenarios;

/// <summary>Checks, extraction, cookies and data feeders in YAML scenarios, run by the CLI against the built-in target.</summary>
public sealed class ChecksInScenarioTests : TargetTest
{
    private async Task<(int Code, string Output, JsonElement Summary)> RunAsync(string yaml)
    {
        var plan = Dir.File("plan.yaml", $"name: checks\ntarget: {Server.BaseAddress}\n{yaml}");
        var outDir = Path.Combine(Dir.Path, "out");
        var (code, output) = await CliRunner.RunAsync("run", plan, "--out", outDir);
        return (code, output, ReadSummary(outDir));
    }

    private static long Check(JsonElement summary, string name, bool passed) =>
        summary.GetProperty("checks").EnumerateArray()
            .Where(c => c.GetProperty("name").GetString() == name)
            .Sum(c => c.GetProperty(passed ? "passed" : "failed").GetInt64());

    [Fact]
    public async Task CookiesExtractionAndChecks_WorkTogether()
    {
        var (code, output, summary) = await RunAsync("""
            load: { users: 2, iterations: 3 }
            scenario:
              main:
                - get: /cookies/set?sid=abc
                - get: /cookies
                  check: { json: { path: "$.cookies.sid", equals: abc }, name: cookie back }
                - get: /json?count=3
                  check: { status: 200 }
                  extract: { id: { json: "$.items[2].id" } }
                - get: /status/20${id}
            """);

        Assert.True(code == 0, output);
        Assert.Equal(6, Check(summary, "cookie back", passed: true));
        Assert.Equal(6, Check(summary, "extract id", passed: true));
        Assert.Equal(6, Server.Stats.ByStatus[203]); // the extracted id went into the next URL
        Assert.Equal(0, summary.GetProperty("check_failures").GetInt64());
    }

    [Fact]
    public async Task CheckValues_TakeMacros_AsEveryOtherTextOfThePlanDoes()
    {
        // Gatling's substring("#{orderId}"): compared as the text '${order}' before, so every check failed.
        var (code, output, summary) = await RunAsync("""
            load: { users: 2, iterations: 2 }
            variables: { type: "application/json; charset=utf-8" }
            scenario:
              main:
                - post: /login
                  extract: { token: { json: "$.token" } }
                - post: /orders
                  headers: { Authorization: "Bearer ${token}" }
                  extract: { order: { json: "$.id" } }
                - get: /orders/${order}
                  headers: { Authorization: "Bearer ${token}" }
                  check:
                    - { body_contains: '"id":"${order}"', name: body }
                    - { json: { path: "$.id", equals: "${order}" }, name: json }
                    - { header: { name: Content-Type, equals: "${type}" }, name: header }
                    - { body_contains: "$${order}", name: literal }
            """);

        Assert.True(code == 0, output);
        Assert.Equal(4, Check(summary, "body", passed: true));
        Assert.Equal(4, Check(summary, "json", passed: true));
        Assert.Equal(4, Check(summary, "header", passed: true));
        Assert.Equal(4, Check(summary, "literal", passed: false)); // $${ is the text itself, which the body lacks
        Assert.Equal(4, summary.GetProperty("check_failures").GetInt64());
    }

    [Fact]
    public async Task AMacroInARegex_IsAMistakeOfThePlan()
    {
        var plan = Dir.File("plan.yaml", $$"""
            name: checks
            target: {{Server.BaseAddress}}
            load: { users: 1, iterations: 1 }
            variables: { id: "1" }
            scenario:
              main:
                - get: /json
                  check: { body_regex: 'id":\s*${id}' }
            """);

        var (code, output) = await CliRunner.RunAsync("validate", plan);

        Assert.Equal(2, code);
        Assert.Matches(@"plan\.yaml:8:\d+: error: scenario\.main\[0\]\.check\.body_regex: a regex cannot hold macros", output.ReplaceLineEndings(" "));
        Assert.Equal(0, Server.Stats.Requests);
    }

    [Fact]
    public async Task AbortIteration_SkipsTheRestOfTheIteration_AndTheNextOneRuns()
    {
        var (code, output, summary) = await RunAsync("""
            load: { users: 1, iterations: 3 }
            scenario:
              main:
                - get: /status/500
                  check: { status: 200, on_failure: abort_iteration }
                - get: /bytes/1
              end:
                - get: /bytes/2
            """);

        Assert.True(code == 0, output);
        Assert.Equal(3, Server.Stats.ByPath["/status/500"]);
        Assert.False(Server.Stats.ByPath.ContainsKey("/bytes/1"));
        Assert.Equal(1, Server.Stats.ByPath["/bytes/2"]);
        Assert.Equal(3, Check(summary, "status 200", passed: false));
    }

    [Fact]
    public async Task StopTest_EndsTheRun_WithItsOwnReasonAndExitCode()
    {
        var (code, output, summary) = await RunAsync("""
            load: { users: 1, duration: 20s }
            scenario:
              main:
                - get: /bytes/3
                - get: /status/503
                  check: { status: 2xx, on_failure: stop_test }
            """);

        Assert.Equal(4, code);
        Assert.Equal("stoppedbycheck", summary.GetProperty("stop_reason").GetString());
        Assert.Equal(1, Server.Stats.ByPath["/status/503"]);
        Assert.Contains("stop_test", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UniqueData_IsUsedOncePerRow_ThenTheTestStops()
    {
        Dir.File("codes.csv", "code,name\n201,first\n202,second\n");
        var (code, output, summary) = await RunAsync("""
            data:
              codes: { csv: codes.csv, order: unique, bind: iteration }
            load: { users: 1, iterations: 5 }
            scenario:
              main:
                - get: /status/${codes.code}
                  headers: { X-Name: "${codes.name}" }
            """);

        Assert.True(code == 0, output);
        Assert.Equal("dataexhausted", summary.GetProperty("stop_reason").GetString());
        Assert.Equal(1, Server.Stats.ByStatus[201]);
        Assert.Equal(1, Server.Stats.ByStatus[202]);
        Assert.Equal(2, Server.Stats.Requests);
    }

    [Fact]
    public async Task CookiesOff_SendNoCookieBack()
    {
        var (code, output, summary) = await RunAsync("""
            cookies: false
            load: { users: 1, iterations: 1 }
            scenario:
              main:
                - get: /cookies/set?sid=abc
                - get: /cookies
                  check: { body_contains: abc, name: cookie back }
            """);

        Assert.True(code == 0, output);
        Assert.Equal(1, Check(summary, "cookie back", passed: false));
    }
}
