using System.Net;

namespace Barrage.Web.Api;

/// <summary>History, run detail, files, delete and compare against a real dashboard on loopback.</summary>
public sealed class RunsApiTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task History_NewestFirst_FiltersByNameAndDate()
    {
        await using var d = await Dashboard.StartAsync();
        var old = d.Record("checkout", 2000, Monday.AddDays(-3));
        var mid = d.Record("search", 2000, Monday.AddDays(-1));
        var last = d.Record("checkout-v2", 2000, Monday);

        var all = await d.GetJsonAsync("api/runs");
        Assert.Equal([last, mid, old], all.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
        var first = all[0];
        Assert.Equal("checkout-v2", first.GetProperty("name").GetString());
        Assert.Equal("pass", first.GetProperty("verdict").GetString());
        Assert.True(first.GetProperty("rps").GetDouble() > 900);
        Assert.True(first.GetProperty("errors").GetInt64() > 0);

        var byName = await d.GetJsonAsync("api/runs?name=CHECKOUT");
        Assert.Equal([last, old], byName.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
        var byDate = await d.GetJsonAsync("api/runs?from=2026-11-21T00:00:00Z&to=2026-11-22T23:59:59Z");
        Assert.Equal([mid], byDate.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Detail_HasSecondsThresholdsAndPlan_AndItsFilesDownload()
    {
        await using var d = await Dashboard.StartAsync();
        var id = d.Record("detail", 1500, Monday);

        var report = await d.GetJsonAsync($"api/runs/{id}");
        Assert.Equal("detail", report.GetProperty("run").GetProperty("name").GetString());
        Assert.Contains(report.GetProperty("seconds").EnumerateArray(), s => s.GetProperty("tag").ValueKind == System.Text.Json.JsonValueKind.Null);
        Assert.Equal("p99 < 1s", report.GetProperty("thresholds")[0].GetProperty("expression").GetString());
        Assert.Equal("name: detail\n", report.GetProperty("run").GetProperty("plan").GetString());

        var html = await d.Http.GetStringAsync(new Uri($"api/runs/{id}/report.html", UriKind.Relative));
        Assert.Contains("<html", html, StringComparison.Ordinal);
        var csv = await d.Http.GetStringAsync(new Uri($"api/runs/{id}/report.csv", UriKind.Relative));
        Assert.StartsWith("second,tag,", csv, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await d.Http.GetAsync(new Uri($"api/runs/{id}/phout.log", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await d.Http.GetAsync(new Uri("api/runs/999", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Phout_OfARunStartedElsewhere_ComesFromTheDirectoryTheStoreRecorded()
    {
        await using var d = await Dashboard.StartAsync();
        var dir = Path.Combine(d.Folder, "runs", "cli-run");
        Directory.CreateDirectory(dir);
        const string line = "1795477899.206\tGET /\t1000\t0\t10\t900\t90\t1000\t45\t152\t0\t200\n";
        await File.WriteAllTextAsync(Path.Combine(dir, "phout.log"), line);
        var id = d.Record("cli", 1000, Monday, dir);
        var gone = d.Record("moved", 1000, Monday, Path.Combine(d.Folder, "runs", "deleted-since"));

        Assert.Equal(line, await d.Http.GetStringAsync(new Uri($"api/runs/{id}/phout.log", UriKind.Relative)));
        var missing = await d.Http.GetAsync(new Uri($"api/runs/{gone}/phout.log", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("wrote no phout.log", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_IsPostOnly_NeedsThePagesHeader_AndRemovesTheRun()
    {
        await using var d = await Dashboard.StartAsync();
        var keep = d.Record("keep", 1000, Monday.AddHours(-1));
        var gone = d.Record("gone", 1000, Monday);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await d.Http.GetAsync(new Uri($"api/runs/{gone}/delete", UriKind.Relative))).StatusCode);
        // A plain form post from anywhere carries no X-Barrage-Request header.
        var bare = await d.Http.PostAsync(new Uri($"api/runs/{gone}/delete", UriKind.Relative), new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.Forbidden, bare.StatusCode);
        Assert.Equal(2, (await d.GetJsonAsync("api/runs")).GetArrayLength());

        Assert.Equal(HttpStatusCode.OK, (await d.PostAsync($"api/runs/{gone}/delete")).StatusCode);
        Assert.Equal([keep], (await d.GetJsonAsync("api/runs")).EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
        Assert.Equal(HttpStatusCode.NotFound, (await d.Http.GetAsync(new Uri($"api/runs/{gone}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await d.PostAsync($"api/runs/{gone}/delete")).StatusCode);
    }

    [Fact]
    public async Task Compare_SlowerCandidate_IsMarkedARegression_AndEachRunHasItsSeconds()
    {
        await using var d = await Dashboard.StartAsync();
        var fast = d.Record("fast", 1000, Monday.AddHours(-1));
        var slow = d.Record("slow", 5000, Monday);

        var c = await d.GetJsonAsync($"api/compare?ids={fast},{slow}");
        Assert.Equal(2, c.GetProperty("runs").GetArrayLength());
        Assert.All(c.GetProperty("runs").EnumerateArray(), r => Assert.Equal(3, r.GetProperty("seconds").GetArrayLength()));
        var rows = c.GetProperty("rows").EnumerateArray().ToList();
        var p99 = rows.Single(r => r.GetProperty("scope").ValueKind == System.Text.Json.JsonValueKind.Null && r.GetProperty("metric").GetString() == "p99");
        Assert.True(p99.GetProperty("isRegression").GetBoolean());
        Assert.Contains(rows, r => r.GetProperty("scope").GetString() == "login");
        var rps = rows.Single(r => r.GetProperty("scope").ValueKind == System.Text.Json.JsonValueKind.Null && r.GetProperty("metric").GetString() == "rps");
        Assert.False(rps.GetProperty("isRegression").GetBoolean());

        Assert.Equal(HttpStatusCode.BadRequest, (await d.Http.GetAsync(new Uri($"api/compare?ids={fast}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await d.Http.GetAsync(new Uri($"api/compare?ids={fast},77", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Compare_SaysWhichRunsRanAnotherPlanThanTheBaseline()
    {
        await using var d = await Dashboard.StartAsync();
        var first = d.Record("checkout", 1000, Monday.AddHours(-2));
        var again = d.Record("checkout", 1000, Monday.AddHours(-1));
        var other = d.Record("search", 1000, Monday);

        var same = await d.GetJsonAsync($"api/compare?ids={first},{again}");
        var mixed = await d.GetJsonAsync($"api/compare?ids={first},{again},{other}");

        Assert.Equal(0, same.GetProperty("planDifferences").GetArrayLength());
        var difference = Assert.Single(mixed.GetProperty("planDifferences").EnumerateArray()).GetString();
        Assert.StartsWith($"#{first} and #{other} ran different plans ('checkout', plan ", difference, StringComparison.Ordinal);
        Assert.EndsWith("): the figures compare different loads", difference, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_AreServedFromTheAssembly_WithAPolicyThatAllowsOnlyThisOrigin()
    {
        await using var d = await Dashboard.StartAsync();
        using var index = await d.Http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Contains("default-src 'self'", index.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await index.Content.ReadAsStringAsync();
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        var uplot = await d.Http.GetStringAsync(new Uri("assets/uPlot.js", UriKind.Relative));
        Assert.Contains("uPlot", uplot, StringComparison.Ordinal);
        Assert.Contains("EventSource", await d.Http.GetStringAsync(new Uri("assets/dashboard.js", UriKind.Relative)), StringComparison.Ordinal);
    }
}
