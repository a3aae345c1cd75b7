namespace Barrage.FunctionalTests.Reports;

/// <summary>The HTML report of a real run, opened offline in headless Chromium: every chart drew data.</summary>
public sealed class HtmlReportBrowserTests : TargetTest
{
    /// <summary>Where the screenshot goes: a test artifact beside the test assembly.</summary>
    public static string ArtifactPath => Path.Combine(AppContext.BaseDirectory, "artifacts", "report.png");

    [ChromiumFact]
    public async Task ReportHtml_InChromium_DrawsEveryChart_AndIsSavedAsAScreenshot()
    {
        var outDir = Path.Combine(Dir.Path, "out");
        var plan = Dir.File("plan.yaml", $"""
            name: browser
            target: {Server.BaseAddress}
            load:
              users: 2
              duration: 3s
            scenario:
              main:
                - get: /
                  tag: home
                - get: /status/503
                  tag: broken
                  headers:
                    Authorization: Bearer do-not-show
            thresholds: [ "p99 < 10s" ]
            """);
        var (code, output) = await CliRunner.RunAsync("run", plan, "--out", outDir, "--store", Path.Combine(Dir.Path, "runs.db"));
        Assert.True(code == 0, output);

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var browser = await OpenAsync(outDir, timeout.Token);
        var charts = (await browser.EvaluateAsync(
            "Array.from(document.querySelectorAll('.chart')).map(c => ({ id: c.id, points: Number(c.getAttribute('data-points') || 0), canvases: c.querySelectorAll('canvas').length }))",
            timeout.Token)).AsArray();
        Assert.Equal(6, charts.Count);
        foreach (var chart in charts)
        {
            Assert.True(chart!["points"]!.GetValue<int>() > 0, $"chart {chart["id"]} drew no data");
            Assert.True(chart["canvases"]!.GetValue<int>() > 0, $"chart {chart["id"]} has no canvas");
        }
        // The per-second charts tick whole seconds (a 3 s run used to be ticked every 0.1 s).
        var ticks = (await browser.EvaluateAsync(
            "Array.from(document.querySelectorAll('.chart[data-x-ticks]')).map(c => c.getAttribute('data-x-ticks')).join(';')", timeout.Token)).GetValue<string>();
        var values = ticks.Split([';', ','], StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(values.Count >= 5 * 2, $"x ticks: {ticks}");
        Assert.All(values, v => Assert.Equal(Math.Round(v), v));
        var text = (await browser.EvaluateAsync("document.body.innerText", timeout.Token)).GetValue<string>();
        Assert.Contains("PASS", text, StringComparison.Ordinal);
        Assert.Contains("broken", text, StringComparison.Ordinal);
        Assert.DoesNotContain("do-not-show", text, StringComparison.Ordinal);

        var png = await browser.ScreenshotAsync(timeout.Token);
        Directory.CreateDirectory(Path.GetDirectoryName(ArtifactPath)!);
        await File.WriteAllBytesAsync(ArtifactPath, png, timeout.Token);
        Assert.True(png.Length > 10_000 && png[1] == (byte)'P' && png[2] == (byte)'N' && png[3] == (byte)'G', $"not a PNG of a page ({png.Length} bytes)");
    }

    [ChromiumFact]
    public async Task ReportHtml_OpenModel_LabelsTheScheduledSeriesAsPlannedArrivals()
    {
        var outDir = Path.Combine(Dir.Path, "out");
        var (code, output) = await CliRunner.RunAsync("hit", new Uri(Server.BaseAddress, "/").ToString(), "--rate", "20", "-d", "2s", "--out", outDir);
        Assert.True(code == 0, output);

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await using var browser = await OpenAsync(outDir, timeout.Token);

        // The scheduled rate counts arrivals (a scenario's iterations), not requests.
        var legend = (await browser.EvaluateAsync(
            "Array.from(document.querySelectorAll('#chart-rps .u-legend .u-label')).map(l => l.textContent).join('|')", timeout.Token)).GetValue<string>();
        Assert.Equal("second|actual rps|errors/s|planned arrivals/s", legend);
    }

    private static async Task<HeadlessChromium> OpenAsync(string outDir, CancellationToken cancel)
    {
        var browser = await HeadlessChromium.StartAsync(cancel);
        try
        {
            await browser.NavigateAsync(new Uri(Path.Combine(outDir, "report.html")),
                "document.body != null && (document.body.hasAttribute('data-rendered') || document.body.hasAttribute('data-error'))", cancel);
            var error = (await browser.EvaluateAsync("document.body.getAttribute('data-error') || ''", cancel)).GetValue<string>();
            Assert.True(error.Length == 0, $"the page failed: {error}");
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }
}
