using System.Text;

namespace Barrage.Reporting.Reports;

/// <summary>Renders a report in any format and writes the ones a run directory gets.</summary>
public static class ReportFiles
{
    /// <summary>The file name a run directory uses for the JSON report; <c>barrage report DIR</c> reads the run id from it.</summary>
    public const string JsonName = "report.json";

    /// <summary>The file name a run directory uses for the HTML report.</summary>
    public const string HtmlName = "report.html";

    /// <summary>The report as text in <paramref name="format"/>.</summary>
    public static string Render(RunReport report, ReportFileFormat format) => format switch
    {
        ReportFileFormat.Html => ReportHtml.Write(report),
        ReportFileFormat.Json => ReportJson.Write(report),
        ReportFileFormat.Markdown => ReportMarkdown.Write(report),
        ReportFileFormat.Csv => ReportCsv.Write(report),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>Parses a format name (<c>html</c>, <c>json</c>, <c>md</c> or <c>markdown</c>, <c>csv</c>), or null.</summary>
    public static ReportFileFormat? ParseFormat(string name) => name.ToLowerInvariant() switch
    {
        "html" or "htm" => ReportFileFormat.Html,
        "json" => ReportFileFormat.Json,
        "md" or "markdown" => ReportFileFormat.Markdown,
        "csv" => ReportFileFormat.Csv,
        _ => null,
    };

    /// <summary>Writes <see cref="HtmlName"/> and <see cref="JsonName"/> into a run directory; returns their paths.</summary>
    /// <exception cref="IOException">A file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">A file cannot be written.</exception>
    public static IReadOnlyList<string> WriteRunDirectory(RunReport report, string directory)
    {
        var html = Path.Combine(directory, HtmlName);
        var json = Path.Combine(directory, JsonName);
        File.WriteAllText(html, ReportHtml.Write(report), Encoding.UTF8);
        File.WriteAllText(json, ReportJson.Write(report), Encoding.UTF8);
        return [html, json];
    }
}
