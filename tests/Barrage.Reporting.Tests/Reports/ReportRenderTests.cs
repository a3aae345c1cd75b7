using System.Globalization;
using Barrage.Tests.Shared;
using System.Runtime.CompilerServices;

namespace Barrage.Reporting.Reports;

public sealed class ReportRenderTests
{
    [Fact]
    public void Markdown_MatchesSnapshot() => Snapshot.Check("report.md", ReportMarkdown.Write(SampleReport.Create()));

    [Fact]
    public void Csv_MatchesSnapshot() => Snapshot.Check("report.csv", ReportCsv.Write(SampleReport.Create()));

    [Fact]
    public void Json_RoundTrip_GivesTheSameReport()
    {
        var report = SampleReport.Create();
        var json = ReportJson.Write(report);
        var back = ReportJson.Read(json);
        Assert.Equal(json, ReportJson.Write(back));
        Assert.Equal(report.Run, back.Run);
        Assert.Equal(report.Seconds.Count, back.Seconds.Count);
        Assert.Equal(500.0, back.Seconds[2].PlannedRps);
        Assert.Contains("\"planned_rps\": 500", json, StringComparison.Ordinal);
        Assert.Contains("\"status_codes\": {", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_RoundTrip_EveryRowReadsBackToItsSecond()
    {
        var report = SampleReport.Create();
        var rows = ParseCsv(ReportCsv.Write(report));
        Assert.Equal(ReportCsv.Columns, rows[0]);
        Assert.Equal(report.Seconds.Count, rows.Count - 1);
        for (var i = 0; i < report.Seconds.Count; i++)
        {
            var s = report.Seconds[i];
            var row = rows[i + 1].Select((v, c) => (rows[0][c], v)).ToDictionary();
            Assert.Equal(s.Second, long.Parse(row["second"], CultureInfo.InvariantCulture));
            Assert.Equal(s.Tag ?? "", row["tag"]);
            Assert.Equal(s.Requests, long.Parse(row["requests"], CultureInfo.InvariantCulture));
            Assert.Equal(s.ServiceP99Us, long.Parse(row["service_p99_us"], CultureInfo.InvariantCulture));
            Assert.Equal(s.StatusCodes.Where(kv => kv.Key >= 500).Sum(kv => kv.Value), long.Parse(row["status_5xx"], CultureInfo.InvariantCulture));
            Assert.Equal(s.Users?.ToString(CultureInfo.InvariantCulture) ?? "", row["users"]);
            Assert.Equal(s.PlannedRps is { } p ? p.ToString(CultureInfo.InvariantCulture) : "", row["planned_rps"]);
        }
    }

    [Fact]
    public void Html_IsOneFileWithTheLibraryAndTheDataAndNothingToFetch()
    {
        var report = SampleReport.Create() with { Run = SampleReport.Create().Run with { Name = "</script><script>alert(1)</script>" } };
        var html = ReportHtml.Write(report);
        Assert.DoesNotContain("/*", html[..200], StringComparison.Ordinal);
        Assert.DoesNotContain("{{TITLE}}", html, StringComparison.Ordinal);
        Assert.DoesNotContain("/*REPORT_DATA*/", html, StringComparison.Ordinal);
        Assert.Contains("uPlot", html, StringComparison.Ordinal);
        // Nothing loaded from elsewhere: the page opens offline.
        Assert.DoesNotContain(" src=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
        // The data cannot close its script element early.
        var data = html[html.IndexOf("id=\"report-data\"", StringComparison.Ordinal)..];
        data = data[..data.IndexOf("</script>", StringComparison.Ordinal)];
        Assert.DoesNotContain("<", data[1..], StringComparison.Ordinal);
        Assert.Contains("\\u003C/script\\u003E", data, StringComparison.Ordinal);
        Assert.Equal(6, html.Split("class=\"chart\"").Length - 1);
    }

    /// <summary>RFC 4180 fields: quoted fields may hold commas and doubled quotes.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        foreach (var line in text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = new List<string>();
            var i = 0;
            while (i <= line.Length)
            {
                if (i < line.Length && line[i] == '"')
                {
                    var end = i + 1;
                    var value = new System.Text.StringBuilder();
                    while (true)
                    {
                        if (line[end] == '"' && end + 1 < line.Length && line[end + 1] == '"')
                        {
                            value.Append('"');
                            end += 2;
                        }
                        else if (line[end] == '"')
                        {
                            break;
                        }
                        else
                        {
                            value.Append(line[end++]);
                        }
                    }
                    fields.Add(value.ToString());
                    i = end + 2;
                }
                else
                {
                    var comma = line.IndexOf(',', i);
                    if (comma < 0)
                        comma = line.Length;
                    fields.Add(line[i..comma]);
                    i = comma + 1;
                }
            }
            rows.Add([.. fields]);
        }
        return rows;
    }
}
