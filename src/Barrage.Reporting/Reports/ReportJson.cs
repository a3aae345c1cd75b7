using System.Text.Json;

namespace Barrage.Reporting.Reports;

/// <summary>The JSON report: <see cref="RunReport"/> with snake_case keys (see ARCHITECTURE.md, "Reports").</summary>
public static class ReportJson
{
    /// <summary>The report as indented JSON.</summary>
    public static string Write(RunReport report) => ReportJsonWriter.Write(report, indented: true);

    /// <summary>The report as one line of JSON whose <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> are escaped, safe inside an HTML script element.</summary>
    public static string WriteForHtml(RunReport report) => ReportJsonWriter.Write(report, indented: false);

    /// <summary>Reads a JSON report back.</summary>
    /// <exception cref="JsonException">The text is not a report.</exception>
    public static RunReport Read(string json) =>
        JsonSerializer.Deserialize(json, ReportJsonContext.Default.RunReport) ?? throw new JsonException("the JSON is null, not a report");
}
