using System.Globalization;
using System.Text.Json;
using Barrage.Metrics;

namespace Barrage.Reporting.Summaries;

/// <summary>
/// Writes <c>summary.json</c>. Its keys are stable and documented in the README; new keys may be added,
/// existing ones keep their name and meaning (<c>schema</c> says which version of the layout this is).
/// </summary>
public static class SummaryJson
{
    /// <summary>The layout's version; raised only when a key changes meaning or goes away.</summary>
    public const int Schema = 1;

    public static void Write(RunSummary summary, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(summary);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        w.WriteStartObject();
        w.WriteNumber("schema", Schema);
        w.WriteString("name", summary.Name);
        w.WriteString("target", summary.Target);
        w.WriteString("started_at", summary.StartedAt.ToString("o", CultureInfo.InvariantCulture));
        w.WriteNumber("duration_s", Math.Round(summary.Duration.TotalSeconds, 3));
        w.WriteString("stop_reason", summary.StopReason.ToString().ToLowerInvariant());
        w.WriteString("model", summary.Model == Plans.LoadModel.Open ? "open" : "closed");
        w.WriteNumber("users", summary.Users);
        if (summary.Model == Plans.LoadModel.Open)
        {
            w.WriteNumber("planned", summary.Planned);
            w.WriteNumber("sent", summary.Sent);
            w.WriteNumber("completed", summary.Completed);
            w.WriteNumber("dropped", summary.Dropped);
            if (summary.Seed is { } seed)
                w.WriteNumber("seed", seed);
        }
        w.WriteNumber("requests", summary.Requests);
        w.WriteNumber("rps", Math.Round(summary.Rps, 2));
        w.WriteNumber("successes", summary.Successes);
        w.WriteNumber("errors", summary.Errors);
        w.WriteNumber("net_errors", summary.NetErrors);
        w.WriteNumber("http_errors", summary.HttpErrors);
        w.WriteNumber("cut_at_stop", summary.CutAtStop);
        w.WriteNumber("check_failures", summary.CheckFailures);
        w.WriteNumber("checks_passed", summary.ChecksPassed);
        WriteLatency(w, "latency_us", summary.Latency);
        WriteLatency(w, "response_time_us", summary.ResponseTime);
        if (summary.Model == Plans.LoadModel.Open)
            WriteLatency(w, "dispatch_lag_us", summary.DispatchLag);
        w.WriteNumber("bytes_in", summary.BytesIn);
        w.WriteNumber("bytes_out", summary.BytesOut);
        WriteCounts(w, "status_codes", summary.HttpStatusCodes);
        w.WriteStartObject("status_classes");
        foreach (var (cls, count) in summary.StatusClasses)
            w.WriteNumber(cls, count);
        w.WriteEndObject();
        WriteCounts(w, "net_codes", summary.NetCodes);
        WriteOutcomes(w, "outcomes", summary.Outcomes);
        w.WriteStartArray("checks");
        foreach (var c in summary.Checks)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteString("tag", c.Tag);
            w.WriteNumber("passed", c.Passed);
            w.WriteNumber("failed", c.Failed);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("tags");
        foreach (var t in summary.Tags)
        {
            w.WriteStartObject();
            w.WriteString("tag", t.Tag);
            w.WriteNumber("requests", t.Requests);
            w.WriteNumber("rps", Math.Round(t.Rps, 2));
            w.WriteNumber("errors", t.Errors);
            WriteLatency(w, "latency_us", t.Latency);
            WriteLatency(w, "response_time_us", t.ResponseTime);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("thresholds");
        foreach (var t in summary.Thresholds)
        {
            w.WriteStartObject();
            w.WriteString("expression", t.Expression);
            WriteNumberOrNull(w, "value", t.Value is { } value ? Math.Round(value, 4) : null);
            w.WriteBoolean("passed", t.Passed);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (summary.Agents.Count > 0)
            WriteAgents(w, summary.Agents);
        w.WriteEndObject();
    }

    /// <summary>A cluster run's <c>agents</c>: one object per agent, in share order.</summary>
    private static void WriteAgents(Utf8JsonWriter w, IReadOnlyList<AgentSummary> agents)
    {
        w.WriteStartArray("agents");
        foreach (var a in agents)
        {
            w.WriteStartObject();
            w.WriteString("name", a.Name);
            w.WriteString("host", a.Host);
            w.WriteString("share", a.Share);
            w.WriteNumber("requests", a.Requests);
            w.WriteNumber("errors", a.Errors);
            w.WriteNumber("dropped", a.Dropped);
            WriteNumberOrNull(w, "clock_offset_us", a.ClockOffsetUs);
            WriteNumberOrNull(w, "lost_after_s", a.LostAfterSeconds is { } lost ? Math.Round(lost, 3) : null);
            w.WriteString("error", a.Error);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>The number, or null (also the JSON report's).</summary>
    internal static void WriteNumberOrNull(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
            w.WriteNumber(name, v);
        else
            w.WriteNull(name);
    }

    /// <inheritdoc cref="WriteNumberOrNull(Utf8JsonWriter, string, double?)"/>
    internal static void WriteNumberOrNull(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v)
            w.WriteNumber(name, v);
        else
            w.WriteNull(name);
    }

    /// <summary>Writes <c>summary.json</c> whole or not at all (see <see cref="Export.WholeFile"/>).</summary>
    /// <exception cref="IOException">The file cannot be written; nothing of it is left.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be written.</exception>
    public static void WriteFile(RunSummary summary, string path) => Export.WholeFile.Write(path, stream => Write(summary, stream));

    /// <summary>Percentiles as an object: <c>min</c>, <c>mean</c>, <c>p50</c>, <c>p90</c>, <c>p95</c>, <c>p99</c>, <c>p999</c>, <c>max</c> (also the jsonl output's and the JSON report's).</summary>
    /// <param name="w">The writer.</param>
    /// <param name="name">The object's key.</param>
    /// <param name="l">The percentiles.</param>
    /// <param name="roundMean">The mean to one decimal (the JSON report keeps it whole).</param>
    internal static void WriteLatency(Utf8JsonWriter w, string name, LatencySummary l, bool roundMean = true)
    {
        w.WriteStartObject(name);
        w.WriteNumber("min", l.Min);
        w.WriteNumber("mean", roundMean ? Math.Round(l.Mean, 1) : l.Mean);
        w.WriteNumber("p50", l.P50);
        w.WriteNumber("p90", l.P90);
        w.WriteNumber("p95", l.P95);
        w.WriteNumber("p99", l.P99);
        w.WriteNumber("p999", l.P999);
        w.WriteNumber("max", l.Max);
        w.WriteEndObject();
    }

    /// <summary>Outcome rows as an array of <c>{"kind", "code", "count"}</c> (net rows add <c>meaning</c>), in table order.</summary>
    internal static void WriteOutcomes(Utf8JsonWriter w, string name, IReadOnlyList<OutcomeRow> rows)
    {
        w.WriteStartArray(name);
        foreach (var row in rows)
        {
            w.WriteStartObject();
            w.WriteString("kind", row.Kind);
            w.WriteString("code", row.Code);
            w.WriteNumber("count", row.Count);
            if (row.Meaning is not null)
                w.WriteString("meaning", row.Meaning);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>Counts by code as an object, <c>"200": n</c>, in order of codes.</summary>
    internal static void WriteCounts(Utf8JsonWriter w, string name, IReadOnlyDictionary<int, long> counts)
    {
        // Sorted in a loop, not with LINQ's OrderBy: LINQ over these pairs (structs) is generic code compiled at run time.
        var codes = new int[counts.Count];
        var i = 0;
        foreach (var kv in counts)
            codes[i++] = kv.Key;
        Array.Sort(codes);
        w.WriteStartObject(name);
        foreach (var code in codes)
            w.WriteNumber(code.ToString(CultureInfo.InvariantCulture), counts[code]);
        w.WriteEndObject();
    }
}
