using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Barrage.Cli;
using Spectre.Console.Testing;

namespace Barrage.FunctionalTests.Dashboard;

/// <summary><c>barrage run PLAN --ui</c>: prints the live page's address, serves the run's seconds there, and its Stop stops the run.</summary>
public sealed partial class RunWithUiTests : TargetTest
{
    [Fact]
    public async Task RunWithUi_PrintsTheLivePage_ServesFrames_AndStopEndsTheRun()
    {
        var plan = Dir.File("plan.yaml", $"""
            name: with-ui
            target: {Server.BaseAddress}
            load:
              users: 2
              duration: 2m
            scenario:
              main:
                - get: /
                  tag: home
            """);
        var console = new TestConsole().Width(200);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var run = Task.Run(() => CliApp.RunAsync(["run", plan, "--ui", "--ui-listen", "127.0.0.1:0", "--store", Path.Combine(Dir.Path, "runs.db")], console, timeout.Token));

        Match printed;
        while (!(printed = LivePage().Match(console.Output)).Success)
        {
            Assert.False(run.IsCompleted, $"the run ended without printing the live page:\n{console.Output}");
            await Task.Delay(50, timeout.Token);
        }
        var baseUrl = new Uri(printed.Groups["base"].Value);
        var number = int.Parse(printed.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
        using var http = new HttpClient { BaseAddress = baseUrl };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/", UriKind.Relative), timeout.Token)).StatusCode);

        JsonElement state;
        while ((state = await http.GetFromJsonAsync<JsonElement>($"api/live/{number}", timeout.Token)).GetProperty("frames").GetInt32() < 2)
            await Task.Delay(100, timeout.Token);
        Assert.Equal("with-ui", state.GetProperty("name").GetString());
        Assert.Equal("running", state.GetProperty("status").GetString());
        var frames = await http.GetFromJsonAsync<JsonElement>($"api/live/{number}/frames", timeout.Token);
        Assert.True(frames[0].GetProperty("requests").GetInt64() > 0);
        Assert.Equal("home", frames[frames.GetArrayLength() - 1].GetProperty("tags")[0].GetProperty("tag").GetString());

        using var stop = new HttpRequestMessage(HttpMethod.Post, $"api/live/{number}/stop");
        stop.Headers.Add("X-Barrage-Request", "1");
        Assert.Equal(HttpStatusCode.Accepted, (await http.SendAsync(stop, timeout.Token)).StatusCode);
        Assert.Equal(ExitCodes.Interrupted, await run);
        Assert.Contains("recorded in", console.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"live dashboard on (?<base>http://127\.0\.0\.1:\d+/)#/live/(?<n>\d+)")]
    private static partial Regex LivePage();
}
