using System.Globalization;
using System.Text;
using System.Text.Json;
using Barrage.Reporting.Summaries;

namespace Barrage.Reporting.Reports;

/// <summary>
/// Writes <see cref="RunReport"/> as <see cref="ReportJsonContext"/> serializes it, byte for byte, with a <see cref="Utf8JsonWriter"/>:
/// the serializer's first use builds its metadata from generic code over every value type of the report, which ReadyToRun
/// cannot precompile (measured: ~35 ms of CPU in each run with <c>--out</c>). Reading a report still goes through the context.
/// </summary>
internal static class ReportJsonWriter
{
    /// <summary>The report as JSON, indented or on one line; string escaping is the serializer's default (HTML-safe).</summary>
    public static string Write(RunReport report, bool indented)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
            Write(w, report);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void Write(Utf8JsonWriter w, RunReport report)
    {
        w.WriteStartObject();
        w.WriteNumber("schema", report.Schema);
        Run(w, report.Run);
        w.WritePropertyName("total");
        Figures(w, report.Total);
        w.WriteStartArray("tags");
        foreach (var tag in report.Tags)
            Figures(w, tag);
        w.WriteEndArray();
        w.WriteStartArray("phases");
        foreach (var p in report.Phases)
        {
            w.WriteStartObject();
            w.WriteString("phase", p.Phase);
            w.WriteNumber("mean_us", p.MeanUs);
            w.WriteNumber("p50_us", p.P50Us);
            w.WriteNumber("p90_us", p.P90Us);
            w.WriteNumber("p99_us", p.P99Us);
            w.WriteNumber("max_us", p.MaxUs);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("thresholds");
        foreach (var t in report.Thresholds)
        {
            w.WriteStartObject();
            w.WriteString("expression", t.Expression);
            SummaryJson.WriteNumberOrNull(w, "value", t.Value);
            w.WriteString("value_text", t.ValueText);
            w.WriteBoolean("passed", t.Passed);
            w.WriteString("note", t.Note);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("seconds");
        foreach (var s in report.Seconds)
            Second(w, s);
        w.WriteEndArray();
        w.WriteStartArray("distribution");
        foreach (var b in report.Distribution)
        {
            w.WriteStartObject();
            w.WriteNumber("from_us", b.FromUs);
            w.WriteNumber("to_us", b.ToUs);
            w.WriteNumber("count", b.Count);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("agents");
        foreach (var a in report.Agents)
            Agent(w, a);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Run(Utf8JsonWriter w, ReportRun r)
    {
        w.WriteStartObject("run");
        w.WriteNumber("id", r.Id);
        w.WriteString("name", r.Name);
        w.WriteString("target", r.Target);
        w.WriteString("started_at", r.StartedAt);
        if (r.EndedAt is { } ended)
            w.WriteString("ended_at", ended);
        else
            w.WriteNull("ended_at");
        w.WriteNumber("duration_s", r.DurationS);
        w.WriteString("stop_reason", r.StopReason);
        SummaryJson.WriteNumberOrNull(w, "exit_code", r.ExitCode);
        w.WriteString("host", r.Host);
        w.WriteString("version", r.Version);
        w.WriteNumber("users", r.Users);
        w.WriteString("verdict", r.Verdict);
        w.WriteString("plan_hash", r.PlanHash);
        w.WriteString("plan", r.Plan);
        w.WriteEndObject();
    }

    private static void Figures(Utf8JsonWriter w, ReportFigures f)
    {
        w.WriteStartObject();
        w.WriteString("tag", f.Tag);
        w.WriteNumber("requests", f.Requests);
        w.WriteNumber("successes", f.Successes);
        w.WriteNumber("net_errors", f.NetErrors);
        w.WriteNumber("http_errors", f.HttpErrors);
        w.WriteNumber("error_rate", f.ErrorRate);
        w.WriteNumber("rps", f.Rps);
        w.WriteNumber("bytes_in", f.BytesIn);
        w.WriteNumber("bytes_out", f.BytesOut);
        SummaryJson.WriteLatency(w, "service", f.Service, roundMean: false);
        SummaryJson.WriteLatency(w, "response", f.Response, roundMean: false);
        Counts(w, "status_codes", f.StatusCodes);
        Counts(w, "net_codes", f.NetCodes);
        w.WriteStartArray("outcomes");
        foreach (var o in f.Outcomes)
        {
            w.WriteStartObject();
            w.WriteString("kind", o.Kind);
            w.WriteString("code", o.Code);
            w.WriteNumber("count", o.Count);
            w.WriteString("meaning", o.Meaning);
            w.WriteString("label", o.Label);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Second(Utf8JsonWriter w, ReportSecond s)
    {
        w.WriteStartObject();
        w.WriteNumber("second", s.Second);
        w.WriteString("tag", s.Tag);
        w.WriteNumber("requests", s.Requests);
        w.WriteNumber("successes", s.Successes);
        w.WriteNumber("net_errors", s.NetErrors);
        w.WriteNumber("http_errors", s.HttpErrors);
        w.WriteNumber("bytes_in", s.BytesIn);
        w.WriteNumber("bytes_out", s.BytesOut);
        w.WriteNumber("service_mean_us", s.ServiceMeanUs);
        w.WriteNumber("service_p50_us", s.ServiceP50Us);
        w.WriteNumber("service_p90_us", s.ServiceP90Us);
        w.WriteNumber("service_p99_us", s.ServiceP99Us);
        w.WriteNumber("service_max_us", s.ServiceMaxUs);
        w.WriteNumber("response_p50_us", s.ResponseP50Us);
        w.WriteNumber("response_p99_us", s.ResponseP99Us);
        w.WriteNumber("response_max_us", s.ResponseMaxUs);
        Counts(w, "status_codes", s.StatusCodes);
        Counts(w, "net_codes", s.NetCodes);
        SummaryJson.WriteNumberOrNull(w, "users", s.Users);
        SummaryJson.WriteNumberOrNull(w, "in_flight", s.InFlight);
        SummaryJson.WriteNumberOrNull(w, "planned_rps", s.PlannedRps);
        w.WriteStartObject("outcomes");
        foreach (var (label, count) in s.Outcomes)
            w.WriteNumber(label, count);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void Agent(Utf8JsonWriter w, AgentSummary a)
    {
        w.WriteStartObject();
        w.WriteString("name", a.Name);
        w.WriteString("host", a.Host);
        w.WriteString("share", a.Share);
        w.WriteNumber("requests", a.Requests);
        w.WriteNumber("errors", a.Errors);
        w.WriteNumber("dropped", a.Dropped);
        SummaryJson.WriteNumberOrNull(w, "clock_offset_us", a.ClockOffsetUs);
        SummaryJson.WriteNumberOrNull(w, "lost_after_seconds", a.LostAfterSeconds);
        w.WriteString("error", a.Error);
        w.WriteEndObject();
    }

    // Dictionary keys as the serializer writes them: the number in invariant digits, in the dictionary's own order.
    private static void Counts(Utf8JsonWriter w, string name, IReadOnlyDictionary<int, long> counts)
    {
        w.WriteStartObject(name);
        foreach (var (code, count) in counts)
            w.WriteNumber(code.ToString(CultureInfo.InvariantCulture), count);
        w.WriteEndObject();
    }
}
