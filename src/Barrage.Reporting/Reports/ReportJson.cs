using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Barrage.Reporting.Reports;

/// <summary>The JSON report: <see cref="RunReport"/> with snake_case keys (see ARCHITECTURE.md, "Reports").</summary>
public static class ReportJson
{
    /// <summary>The report as indented JSON.</summary>
    public static string Write(RunReport report) => JsonSerializer.Serialize(report, ReportJsonContext.Default.RunReport);

    /// <summary>The report as one line of JSON whose <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> are escaped, safe inside an HTML script element.</summary>
    public static string WriteForHtml(RunReport report)
    {
        // The default context serves both files and the writer sets the layout: a second context (with options of
        // its own) would build every type's metadata again, ~30 ms of CPU in each run that writes a report.
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ReportJsonContext.Default.Options.Encoder }))
            JsonSerializer.Serialize(writer, report, ReportJsonContext.Default.RunReport);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads a JSON report back.</summary>
    /// <exception cref="JsonException">The text is not a report.</exception>
    public static RunReport Read(string json) =>
        JsonSerializer.Deserialize(json, ReportJsonContext.Default.RunReport) ?? throw new JsonException("the JSON is null, not a report");
}
