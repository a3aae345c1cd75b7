using System.Net.Http.Json;
using System.Text.Json;
using Barrage.Cli.Commands;
using Barrage.FunctionalTests.Reports;
using Barrage.Web;
using Spectre.Console.Testing;

namespace Barrage.FunctionalTests.Dashboard;

/// <summary>
/// The dashboard in headless Chromium, end to end: start a plan against the built-in target from the Start page,
/// watch the live charts gain points, press Stop, find the run in History, open its detail, compare it with a
/// second run. Screenshots of each page are saved as test artifacts.
/// </summary>
public sealed class DashboardBrowserTests : TargetTest
{
    /// <summary>Where the screenshots go: test artifacts beside the test assembly.</summary>
    public static string ArtifactDirectory => Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard");

    [ChromiumFact]
    public async Task StartPage_LiveChartsGainPoints_StopStopsTheRun_ThenHistoryDetailAndCompare()
    {
        var plans = Directory.CreateDirectory(Path.Combine(Dir.Path, "plans")).FullName;
        File.WriteAllText(Path.Combine(plans, "browse.yaml"), $"""
            name: browse
            target: {Server.BaseAddress}
            load:
              users: 2
              duration: 2m
            scenario:
              main:
                - get: /
                  tag: home
                - get: /status/404
                  tag: missing
            thresholds: [ "p99 < 10s", "errors < 1%" ]
            """);
        var store = Path.Combine(Dir.Path, "runs.db");
        var options = new DashboardOptions { Listen = "127.0.0.1:0", StorePath = store, PlansDirectory = plans, RunsDirectory = Path.Combine(Dir.Path, "runs") };
        await using var server = await DashboardServer.StartAsync(options, new DashboardLauncher(new TestConsole().Width(160), store));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var browser = await HeadlessChromium.StartAsync(timeout.Token);
        Directory.CreateDirectory(ArtifactDirectory);

        // Start: pick the plan, shorten nothing, press Start, land on the live page.
        await browser.NavigateAsync(new Uri(server.Url, "#/start"), View("start"), timeout.Token);
        await browser.EvaluateAsync("document.getElementById('start-users').value = '2'; document.getElementById('start-button').click(); true", timeout.Token);
        await WaitAsync(browser, "location.hash.startsWith('#/live/') && " + View("live"), timeout.Token);

        // Five seconds of live frames, every chart drawing them.
        await WaitAsync(browser, "Number(document.getElementById('view').getAttribute('data-frames') || 0) >= 5", timeout.Token);
        var charts = (await browser.EvaluateAsync(
            "Array.from(document.querySelectorAll('.chart')).map(c => ({ id: c.id, points: Number(c.getAttribute('data-points')), canvases: c.querySelectorAll('canvas').length }))",
            timeout.Token)).AsArray();
        Assert.Equal(7, charts.Count);
        foreach (var chart in charts)
        {
            Assert.True(chart!["points"]!.GetValue<int>() >= 5, $"chart {chart["id"]} drew {chart["points"]} points");
            Assert.True(chart["canvases"]!.GetValue<int>() > 0, $"chart {chart["id"]} has no canvas");
        }
        var text = await TextAsync(browser, timeout.Token);
        Assert.Contains("FAILING", text, StringComparison.Ordinal); // errors < 1% with half the requests 404
        Assert.Contains("missing", text, StringComparison.Ordinal);
        // The scheduled rate counts arrivals (a scenario's iterations), not requests: chart and card say so.
        var legend = (await browser.EvaluateAsync(
            "Array.from(document.querySelectorAll('#chart-rps .u-legend .u-label')).map(l => l.textContent).join('|')", timeout.Token)).GetValue<string>();
        Assert.Equal("second|actual rps|planned arrivals/s", legend);
        var cards = (await browser.EvaluateAsync("Array.from(document.querySelectorAll('.card .k')).map(k => k.textContent).join('|')", timeout.Token)).GetValue<string>();
        Assert.Contains("planned arrivals/s", cards.Split('|'));
        await ScreenshotAsync(browser, "live.png", timeout.Token);

        // Stop ends the two-minute run.
        await browser.EvaluateAsync("document.getElementById('stop').click(); true", timeout.Token);
        await WaitAsync(browser, "document.getElementById('view').getAttribute('data-status') === 'finished'", timeout.Token);
        Assert.Contains("exit code 130", await TextAsync(browser, timeout.Token), StringComparison.Ordinal);

        // History lists it; its detail draws the stored seconds.
        await browser.NavigateAsync(new Uri(server.Url, "#/history"), View("history"), timeout.Token);
        Assert.Contains("browse", await TextAsync(browser, timeout.Token), StringComparison.Ordinal);
        await ScreenshotAsync(browser, "history.png", timeout.Token);
        using var http = new HttpClient { BaseAddress = server.Url };
        var first = (await http.GetFromJsonAsync<JsonElement>("api/runs", timeout.Token))[0].GetProperty("id").GetInt64();
        await browser.NavigateAsync(new Uri(server.Url, $"#/run/{first}"), View("run"), timeout.Token);
        Assert.True((await browser.EvaluateAsync("Number(document.getElementById('chart-rps').getAttribute('data-points'))", timeout.Token)).GetValue<int>() >= 5);
        await ScreenshotAsync(browser, "run.png", timeout.Token);

        // A second, short run, then both compared: one plan, so no warning about plans.
        var second = await RunToEndAsync(http, "browse.yaml", timeout.Token);
        await browser.NavigateAsync(new Uri(server.Url, $"#/compare?ids={first},{second}"), View("compare"), timeout.Token);
        Assert.True((await browser.EvaluateAsync("document.querySelectorAll('#compare-table tr').length", timeout.Token)).GetValue<int>() > 5);
        Assert.True((await browser.EvaluateAsync("Number(document.getElementById('chart-compare-rps').getAttribute('data-points'))", timeout.Token)).GetValue<int>() > 5);
        Assert.Equal(0, (await browser.EvaluateAsync("document.querySelectorAll('.plan-difference').length", timeout.Token)).GetValue<int>());
        await ScreenshotAsync(browser, "compare.png", timeout.Token);

        // A run of another plan against the first: the page says they ran different plans before any figure.
        File.WriteAllText(Path.Combine(plans, "other.yaml"), $"name: other\ntarget: {Server.BaseAddress}\nload: {{ users: 1, duration: 2s }}\nscenario: {{ main: [ {{ get: / }} ] }}\n");
        var other = await RunToEndAsync(http, "other.yaml", timeout.Token);
        await browser.NavigateAsync(new Uri(server.Url, $"#/compare?ids={first},{other}"), View("compare"), timeout.Token);
        var warning = (await browser.EvaluateAsync("Array.from(document.querySelectorAll('.plan-difference')).map(p => p.textContent).join('|')", timeout.Token)).GetValue<string>();
        Assert.StartsWith($"warning: #{first} and #{other} ran different plans ('browse', plan ", warning, StringComparison.Ordinal);
        Assert.EndsWith("): the figures compare different loads", warning, StringComparison.Ordinal);
    }

    /// <summary>Starts <paramref name="plan"/> for 2 s through the API, waits for its end and returns its run id.</summary>
    private static async Task<long> RunToEndAsync(HttpClient http, string plan, CancellationToken cancel)
    {
        using var start = new HttpRequestMessage(HttpMethod.Post, "api/start") { Content = JsonContent.Create(new { plan, duration = "2s" }) };
        start.Headers.Add("X-Barrage-Request", "1");
        var live = (await (await http.SendAsync(start, cancel)).Content.ReadFromJsonAsync<JsonElement>(cancel)).GetProperty("live").GetInt32();
        while ((await http.GetFromJsonAsync<JsonElement>($"api/live/{live}", cancel)).GetProperty("status").GetString() != "finished")
            await Task.Delay(200, cancel);
        return (await http.GetFromJsonAsync<JsonElement>("api/runs", cancel))[0].GetProperty("id").GetInt64();
    }

    private static string View(string name) =>
        $"document.getElementById('view') != null && (document.getElementById('view').getAttribute('data-view') === '{name}' || document.getElementById('view').hasAttribute('data-error'))";

    private static async Task WaitAsync(HeadlessChromium browser, string condition, CancellationToken cancel)
    {
        while (!(await browser.EvaluateAsync(condition, cancel)).GetValue<bool>())
        {
            var error = (await browser.EvaluateAsync("document.getElementById('view').getAttribute('data-error') || ''", cancel)).GetValue<string>();
            Assert.True(error.Length == 0, $"the page failed: {error}");
            await Task.Delay(100, cancel);
        }
    }

    private static async Task<string> TextAsync(HeadlessChromium browser, CancellationToken cancel) =>
        (await browser.EvaluateAsync("document.body.innerText", cancel)).GetValue<string>();

    private static async Task ScreenshotAsync(HeadlessChromium browser, string name, CancellationToken cancel)
    {
        var png = await browser.ScreenshotAsync(cancel);
        await File.WriteAllBytesAsync(Path.Combine(ArtifactDirectory, name), png, cancel);
        Assert.True(png.Length > 10_000 && png[1] == (byte)'P', $"{name}: not a PNG of a page ({png.Length} bytes)");
    }
}
