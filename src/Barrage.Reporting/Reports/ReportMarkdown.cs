using System.Globalization;
using System.Text;

namespace Barrage.Reporting.Reports;

/// <summary>The Markdown report, for pasting into a pull request: the headline figures, a table per tag, the thresholds.</summary>
public static class ReportMarkdown
{
    /// <summary>The Markdown text (GitHub-flavoured tables), ending in a newline.</summary>
    public static string Write(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var run = report.Run;
        var t = report.Total;
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"## Barrage run #{run.Id}: {Cell(run.Name)}\n\n");
        var verdict = run.Verdict switch { "pass" => "**PASS**", "fail" => "**FAIL**", "-" => "no thresholds", var v => v };
        md.Append(CultureInfo.InvariantCulture,
            $"{verdict} · `{Cell(run.Target)}` · {run.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC · {ReportFormat.Seconds(run.DurationS)} ({run.StopReason}) · exit code {run.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-"}\n\n");
        md.Append("| metric | value |\n|---|---:|\n");
        Row(md, "requests", ReportFormat.Count(t.Requests));
        Row(md, "throughput", ReportFormat.Rate(t.Rps) + " rps");
        Row(md, "errors", $"{ReportFormat.Count(t.NetErrors + t.HttpErrors)} ({ReportFormat.Percent(t.ErrorRate)})");
        Row(md, "service time p50 / p90 / p99", $"{ReportFormat.Micros(t.Service.P50)} / {ReportFormat.Micros(t.Service.P90)} / {ReportFormat.Micros(t.Service.P99)}");
        Row(md, "service time p99.9 / max", $"{ReportFormat.Micros(t.Service.P999)} / {ReportFormat.Micros(t.Service.Max)}");
        Row(md, "response time p99", ReportFormat.Micros(t.Response.P99));
        Row(md, "data in / out", $"{ReportFormat.Bytes(t.BytesIn)} / {ReportFormat.Bytes(t.BytesOut)}");
        if (t.StatusCodes.Count > 0)
            Row(md, "status codes", string.Join(", ", t.StatusCodes.Select(kv => $"{kv.Key}: {ReportFormat.Count(kv.Value)}")));
        if (t.Outcomes.Any(o => o.Kind == Metrics.Outcomes.WebSocket))
            Row(md, "web sockets", string.Join(", ", t.Outcomes.Where(o => o.Kind == Metrics.Outcomes.WebSocket).Select(o => $"{o.Code}: {ReportFormat.Count(o.Count)}")));

        if (report.Tags.Count > 0)
        {
            md.Append("\n### Per tag\n\n| tag | requests | rps | errors | p50 | p90 | p99 | max |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
            foreach (var tag in report.Tags)
            {
                md.Append(CultureInfo.InvariantCulture,
                    $"| {Cell(tag.Tag ?? "")} | {ReportFormat.Count(tag.Requests)} | {ReportFormat.Rate(tag.Rps)} | {ReportFormat.Percent(tag.ErrorRate)} | {ReportFormat.Micros(tag.Service.P50)} | {ReportFormat.Micros(tag.Service.P90)} | {ReportFormat.Micros(tag.Service.P99)} | {ReportFormat.Micros(tag.Service.Max)} |\n");
            }
        }

        if (report.Thresholds.Count > 0)
        {
            md.Append("\n### Thresholds\n\n| threshold | measured | verdict |\n|---|---:|---|\n");
            foreach (var th in report.Thresholds)
            {
                var note = th.Note is null ? "" : " (" + Cell(th.Note) + ")";
                md.Append(CultureInfo.InvariantCulture, $"| `{Cell(th.Expression)}` | {th.ValueText} | {(th.Passed ? "✅ PASS" : "❌ FAIL")}{note} |\n");
            }
        }
        return md.ToString();
    }

    private static void Row(StringBuilder md, string name, string value) => md.Append(CultureInfo.InvariantCulture, $"| {name} | {value} |\n");

    /// <summary>Text safe in a table cell: pipes escaped, lines joined.</summary>
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ').Replace("`", "'", StringComparison.Ordinal);
}
