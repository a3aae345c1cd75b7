using System.Globalization;
using System.Text.Json;
using Barrage.Metrics;
using Barrage.Metrics.TimeSeries;
using Barrage.Reporting.Summaries;

namespace Barrage.Reporting.Export;

/// <summary>
/// The <c>jsonl</c> output: one JSON object per sealed second per tag (and one for all tags, <c>"tag": null</c>),
/// appended to a file while the run goes, so a tailing tool (Grafana's, Vector, jq) can follow it.
/// </summary>
/// <remarks>
/// Keys: <c>time</c> (ISO 8601 start of the second), <c>second</c>, <c>tag</c>, <c>late</c> (a delta to add to the
/// earlier line of the same second and tag), <c>requests</c>, <c>successes</c>, <c>net_errors</c>, <c>http_errors</c>,
/// <c>bytes_in</c>, <c>bytes_out</c>, <c>service_us</c> and <c>response_us</c> (<c>min</c>, <c>mean</c>, <c>p50</c>,
/// <c>p90</c>, <c>p95</c>, <c>p99</c>, <c>p999</c>, <c>max</c>, as in summary.json), <c>status</c> and <c>net</c> (counts by code). A write that fails stops the
/// output (never the run) and <see cref="Error"/> says why.
/// </remarks>
public sealed class JsonlWriter : IDisposable
{
    private readonly FileStream _file;
    private readonly Utf8JsonWriter _json;
    private readonly DateTimeOffset _startedAt;

    private JsonlWriter(string path, DateTimeOffset startedAt)
    {
        Path = path;
        _startedAt = startedAt;
        _file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 16384);
        _json = new Utf8JsonWriter(_file, new JsonWriterOptions { SkipValidation = true });
    }

    /// <summary>The file written.</summary>
    public string Path { get; }

    /// <summary>Lines written so far.</summary>
    public long Lines { get; private set; }

    /// <summary>Why writing stopped; null while all is well.</summary>
    public string? Error { get; private set; }

    /// <summary>Creates (or truncates) <paramref name="path"/>.</summary>
    /// <exception cref="IOException">The file cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be created.</exception>
    public static JsonlWriter Create(string path, DateTimeOffset startedAt) => new(path, startedAt);

    /// <summary>Appends one line for <paramref name="slice"/> and flushes it to the file.</summary>
    public void Write(SeriesSlice slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        if (Error is not null)
            return;
        try
        {
            WriteLine(slice);
            _json.Flush();
            _json.Reset();
            _file.WriteByte((byte)'\n');
            _file.Flush();
            Lines++;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Error = $"{Path}: {e.Message}";
        }
    }

    public void Dispose()
    {
        try
        {
            _json.Dispose();
            _file.Dispose();
        }
        catch (IOException e)
        {
            Error ??= $"{Path}: {e.Message}";
        }
    }

    private void WriteLine(SeriesSlice slice)
    {
        var s = slice.Stats;
        var w = _json;
        w.WriteStartObject();
        w.WriteString("time", _startedAt.AddSeconds(slice.Second).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        w.WriteNumber("second", slice.Second);
        if (slice.Tag is null)
            w.WriteNull("tag");
        else
            w.WriteString("tag", slice.Tag);
        w.WriteBoolean("late", slice.IsLate);
        w.WriteNumber("requests", s.Requests);
        w.WriteNumber("successes", s.Successes);
        w.WriteNumber("net_errors", s.NetErrors);
        w.WriteNumber("http_errors", s.HttpErrors);
        w.WriteNumber("bytes_in", s.BytesIn);
        w.WriteNumber("bytes_out", s.BytesOut);
        SummaryJson.WriteLatency(w, "service_us", LatencySummary.From(s.ServiceTime));
        SummaryJson.WriteLatency(w, "response_us", LatencySummary.From(s.ResponseTime));
        SummaryJson.WriteCounts(w, "status", s.StatusCounts.Where(kv => kv.Key == 0 || Outcomes.IsHttpStatus(kv.Key)).ToDictionary());
        SummaryJson.WriteOutcomes(w, "outcomes", Outcomes.Table(s.StatusCounts, s.NetCodeCounts));
        SummaryJson.WriteCounts(w, "net", s.NetCodeCounts);
        w.WriteEndObject();
    }
}
