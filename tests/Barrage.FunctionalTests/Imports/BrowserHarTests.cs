using System.Text.Json.Nodes;
using Barrage.FunctionalTests.Reports;
using Barrage.Plans;
using Barrage.Target;

namespace Barrage.FunctionalTests.Imports;

/// <summary>
/// A HAR made from a real headless Chromium session against the built-in target's page, imported with
/// <c>barrage import har</c> and run: the target sees the requests the HAR describes.
/// </summary>
public sealed class BrowserHarTests : TargetTest
{
    [ChromiumFact]
    public async Task HarFromHeadlessChromium_ImportedAndRun_SendsTheRequestsItDescribes()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var har = Path.Combine(Dir.Path, "page.har");
        JsonArray entries;
        await using (var browser = await HeadlessChromium.StartAsync(bound.Token))
        {
            await browser.CallAsync("Network.enable", new JsonObject(), bound.Token);
            // Resources answer after 150 ms, so the browser visibly has them in flight together.
            await browser.NavigateAsync(Url("/page?delay=150"), "document.title.startsWith('done') || document.title.startsWith('failed')", bound.Token);
            Assert.Equal("done 200", (await browser.EvaluateAsync("document.title", bound.Token)).GetValue<string>());
            entries = await DevToolsHar.WriteAsync(browser, har, bound.Token);
        }
        var described = entries.Select(e => new Uri(e!["request"]!["url"]!.GetValue<string>()).AbsolutePath).ToList();
        string[] resources = ["/page/style.css", "/page/app.js", "/page/logo.png", "/page/photo.png", "/page/icon.png"];
        string[] page = ["/page", .. resources, "/login", "/orders", "/orders/{id}"];
        Assert.Equal(page.Order(StringComparer.Ordinal), described.Select(Shape).Order(StringComparer.Ordinal));
        var plan = Path.Combine(Dir.Path, "page.yaml");

        var (importCode, importOutput) = await CliRunner.RunAsync("import", "har", har, "-o", plan);

        Assert.True(importCode == 0, importOutput);
        File.WriteAllText(plan, File.ReadAllText(plan).Replace("users: 10\n  duration: 1m", "users: 1\n  iterations: 1", StringComparison.Ordinal));
        var main = PlanLoader.LoadFile(plan).Scenario.Main;
        // The page's resources were in flight together: one parallel group holds them all (the page itself too, if
        // the browser asked for them before the page's last byte was in).
        var group = Assert.Single(main.OfType<ParallelActivity>());
        Assert.Subset(group.Steps.Cast<RequestActivity>().Select(r => r.Url.Split('?')[0]).ToHashSet(), resources.ToHashSet());
        // A fresh target knows none of the recorded tokens and ids: the plan passes only with the values traced.
        await using var fresh = await TargetServer.StartAsync(new TargetServerOptions());
        var (code, output) = await CliRunner.RunAsync("run", plan, "--target", fresh.BaseAddress.ToString());

        Assert.True(code == 0, output);
        var expected = described.GroupBy(Shape).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.Equal(expected, fresh.Stats.ByPath.GroupBy(p => Shape(p.Key)).ToDictionary(g => g.Key, g => g.Sum(p => p.Value)));
        Assert.Equal(new Dictionary<int, long> { [200] = entries.Count - 1, [201] = 1 }, fresh.Stats.ByStatus);
    }

    // Order ids differ from run to run; everything else is compared path by path.
    private static string Shape(string path) => path.StartsWith("/orders/", StringComparison.Ordinal) ? "/orders/{id}" : path;
}
