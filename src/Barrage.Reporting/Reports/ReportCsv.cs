using System.Globalization;
using System.Text;

namespace Barrage.Reporting.Reports;

/// <summary>
/// The CSV report: the per-second series, one row per second per tag and one per second for all tags (empty
/// <c>tag</c>; only those rows carry <c>users</c>, <c>in_flight</c> and <c>planned_rps</c>). Latencies in µs; status
/// counts by class. RFC 4180 quoting.
/// </summary>
public static class ReportCsv
{
    /// <summary>The header row's columns.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "second", "tag", "requests", "successes", "net_errors", "http_errors", "bytes_in", "bytes_out",
        "service_mean_us", "service_p50_us", "service_p90_us", "service_p99_us", "service_max_us",
        "response_p50_us", "response_p99_us", "response_max_us",
        "status_1xx", "status_2xx", "status_3xx", "status_4xx", "status_5xx", "users", "in_flight", "planned_rps",
    ];

    /// <summary>The CSV text, header first, lines ending in CRLF.</summary>
    public static string Write(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        csv.Append(string.Join(',', Columns)).Append("\r\n");
        foreach (var s in report.Seconds)
        {
            var fields = new List<string>
            {
                Number(s.Second), Quote(s.Tag ?? ""), Number(s.Requests), Number(s.Successes), Number(s.NetErrors), Number(s.HttpErrors),
                Number(s.BytesIn), Number(s.BytesOut), s.ServiceMeanUs.ToString("0.0", CultureInfo.InvariantCulture),
                Number(s.ServiceP50Us), Number(s.ServiceP90Us), Number(s.ServiceP99Us), Number(s.ServiceMaxUs),
                Number(s.ResponseP50Us), Number(s.ResponseP99Us), Number(s.ResponseMaxUs),
            };
            for (var c = 1; c <= 5; c++)
                fields.Add(Number(s.StatusCodes.Where(kv => kv.Key / 100 == c).Sum(kv => kv.Value)));
            fields.Add(s.Users is { } u ? Number(u) : "");
            fields.Add(s.InFlight is { } f ? Number(f) : "");
            fields.Add(s.PlannedRps is { } p ? p.ToString("0.###", CultureInfo.InvariantCulture) : "");
            csv.Append(string.Join(',', fields)).Append("\r\n");
        }
        return csv.ToString();
    }

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string text) =>
        text.AsSpan().IndexOfAny(",\"\r\n") < 0 ? text : "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
