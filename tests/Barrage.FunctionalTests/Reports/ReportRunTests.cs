using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Barrage.Reporting.Reports;

namespace Barrage.FunctionalTests.Reports;

/// <summary>What a run leaves for people and tools: reports, the jsonl series, live Prometheus metrics; and <c>barrage report</c>.</summary>
public sealed class ReportRunTests : TargetTest
{
    private string Plan(string extra = "") => Dir.File($"plan-{Guid.NewGuid():N}.yaml", $"""
        name: reports
        target: {Server.BaseAddress}
        load:
          users: 2
          duration: 3s
        scenario:
          main:
            - get: /
              tag: home
            - get: /status/404
              tag: missing
        {extra}
        """);

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [Fact]
    public async Task Run_ServesPrometheusWhileRunning_WritesJsonlPerSecondPerTag_AndTheReports()
    {
        var outDir = Path.Combine(Dir.Path, "out");
        var store = Path.Combine(Dir.Path, "runs.db");
        var port = FreePort();
        var run = CliRunner.RunAsync("run", Plan("outputs: [jsonl]"), "--out", outDir, "--store", store, "--prometheus", $"127.0.0.1:{port}");

        // Scrape while the run goes: the first scrape that shows requests of both tags ends the wait (bounded by the
        // run itself; one that comes between a user's first and second request shows only the first).
        string? scraped = null;
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
        {
            while (!run.IsCompleted && scraped is null)
            {
                try
                {
                    var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
                    if (text.Contains("barrage_requests_total{tag=\"home\",status=\"200\",net_code=\"0\"}", StringComparison.Ordinal)
                        && text.Contains("barrage_requests_total{tag=\"missing\",status=\"404\",net_code=\"0\"}", StringComparison.Ordinal))
                        scraped = text;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet (the run starts the target probe first).
                }
                if (scraped is null)
                    await Task.WhenAny(run, Task.Delay(100));
            }
        }
        var (code, output) = await run;

        Assert.True(code == 0, output);
        Assert.True(scraped is not null, "no scrape showed requests while the run went:\n" + output);
        Assert.Contains("barrage_requests_total{tag=\"missing\",status=\"404\",net_code=\"0\"}", scraped, StringComparison.Ordinal);
        Assert.Contains("barrage_service_time_seconds_bucket{tag=\"home\",le=\"+Inf\"}", scraped, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^barrage_users [0-2]$", scraped);
        Assert.Matches(@"(?m)^barrage_in_flight [0-9]+$", scraped);
        Assert.Contains($"prometheus metrics on http://127.0.0.1:{port}/metrics", output, StringComparison.Ordinal);

        // jsonl: every second has a line for each tag and one for all tags; together they count every request.
        var lines = File.ReadAllLines(Path.Combine(outDir, "metrics.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var onTime = lines.Where(l => !l.GetProperty("late").GetBoolean()).ToList();
        Assert.True(onTime.Select(l => l.GetProperty("second").GetInt64()).Distinct().Count() >= 3, string.Join('\n', lines));
        var lastSecond = onTime.Max(l => l.GetProperty("second").GetInt64());
        foreach (var second in onTime.GroupBy(l => l.GetProperty("second").GetInt64()))
        {
            // The last second may be cut short by the end of the run before both tags had a request in it.
            if (second.Key < lastSecond)
                Assert.Equal(["home", "missing", null], second.Select(l => l.GetProperty("tag").GetString()));
            Assert.Null(second.Last().GetProperty("tag").GetString());
            Assert.Equal(second.Last().GetProperty("requests").GetInt64(), second.SkipLast(1).Sum(l => l.GetProperty("requests").GetInt64()));
        }
        var requests = ReadSummary(outDir).GetProperty("requests").GetInt64();
        Assert.Equal(requests, lines.Where(l => l.GetProperty("tag").ValueKind == JsonValueKind.Null).Sum(l => l.GetProperty("requests").GetInt64()));

        // The reports in the run directory, from the store's record of the run.
        Assert.Contains("report written to", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(outDir, "report.html")));
        Assert.Equal((byte)'{', File.ReadAllBytes(Path.Combine(outDir, "report.json"))[0]);
        var report = ReportJson.Read(File.ReadAllText(Path.Combine(outDir, "report.json")));
        Assert.Equal(requests, report.Total.Requests);
        Assert.Equal(["home", "missing"], report.Tags.Select(t => t.Tag));
        Assert.Contains(report.Seconds, s => s is { Tag: null, Users: 2 });
    }

    [Fact]
    public async Task Report_FromTheRunDirectoryOrTheStore_InEveryFormat()
    {
        var outDir = Path.Combine(Dir.Path, "out");
        var store = Path.Combine(Dir.Path, "runs.db");
        var (code, output) = await CliRunner.RunAsync("run", Plan("thresholds: [ \"errors < 1%\" ]"), "--out", outDir, "--store", store, "-d", "2s");
        Assert.True(code == 1, output);

        var (mdCode, markdown) = await CliRunner.RunAsync("report", outDir, "--format", "md", "--store", store);
        Assert.True(mdCode == 0, markdown);
        Assert.Contains("## Barrage run #1: reports", markdown, StringComparison.Ordinal);
        Assert.Contains("| `errors < 1%` |", markdown, StringComparison.Ordinal);
        Assert.Contains("| missing |", markdown, StringComparison.Ordinal);

        var csv = Path.Combine(Dir.Path, "series.csv");
        var (csvCode, csvOutput) = await CliRunner.RunAsync("report", "last", "-o", csv, "--store", store);
        Assert.True(csvCode == 0, csvOutput);
        Assert.Equal((byte)'s', File.ReadAllBytes(csv)[0]); // no byte-order mark before the header
        var rows = File.ReadAllLines(csv);
        Assert.Equal(string.Join(',', ReportCsv.Columns), rows[0]);
        Assert.Contains(rows, r => r.Contains(",missing,", StringComparison.Ordinal));

        var html = Path.Combine(Dir.Path, "again.html");
        var (htmlCode, _) = await CliRunner.RunAsync("report", "1", "-o", html, "--store", store);
        Assert.Equal(0, htmlCode);
        Assert.Contains("<script id=\"report-data\"", File.ReadAllText(html), StringComparison.Ordinal);

        // A run directory whose run the store does not have (another machine's): its own report.json is rendered.
        var (elsewhereCode, elsewhere) = await CliRunner.RunAsync("report", outDir, "-f", "json", "--store", Path.Combine(Dir.Path, "other.db"));
        Assert.True(elsewhereCode == 0, elsewhere);
        Assert.Equal(1, ReportJson.Read(elsewhere).Run.Id);

        var (badCode, bad) = await CliRunner.RunAsync("report", "last", "--format", "pdf", "--store", store);
        Assert.Equal(2, badCode);
        Assert.Contains("expected html, json, md or csv", bad, StringComparison.Ordinal);
        var (missingCode, missing) = await CliRunner.RunAsync("report", "99", "--store", store);
        Assert.Equal(2, missingCode);
        Assert.Contains("no run #99", missing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithABadPrometheusAddressOrOutput_IsRefusedBeforeItStarts()
    {
        var (code, output) = await CliRunner.RunAsync("run", Plan(), "--prometheus", "nowhere:1", "--output", "pdf");

        Assert.Equal(2, code);
        Assert.Contains("--prometheus: expected HOST:PORT", output, StringComparison.Ordinal);
        Assert.Contains("--output: unknown output 'pdf'", output, StringComparison.Ordinal);

        var (hitCode, hit) = await CliRunner.RunAsync("hit", Url("/").ToString(), "-n", "5", "--prometheus", "127.0.0.1:0");
        Assert.Equal(2, hitCode);
        Assert.Contains("--prometheus: expected a port from 1 to 65535", hit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hit_WithAPrometheusToken_ServesOnlyScrapesThatCarryIt_AndNeverPrintsIt()
    {
        var port = FreePort();
        var run = CliRunner.RunAsync("hit", Url("/").ToString(), "-c", "2", "-d", "3s", "--store", Path.Combine(Dir.Path, "runs.db"),
            "--prometheus", $"127.0.0.1:{port}", "--prometheus-token", "tok-8f2a");

        // Poll until the endpoint answers (bounded by the run): once without the token, once with it.
        HttpStatusCode? bare = null, bearer = null;
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
        {
            var url = new Uri($"http://127.0.0.1:{port}/metrics");
            while (!run.IsCompleted && bearer is null)
            {
                try
                {
                    using var without = await http.GetAsync(url);
                    bare = without.StatusCode;
                    using var with = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { "Authorization", "Bearer tok-8f2a" } } });
                    bearer = with.StatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.WhenAny(run, Task.Delay(100)); // not listening yet
                }
            }
        }
        var (code, output) = await run;

        Assert.True(code == 0, output);
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.OK), (bare, bearer));
        Assert.Contains("scrapes need the bearer token", output, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-8f2a", output, StringComparison.Ordinal);
    }
}
