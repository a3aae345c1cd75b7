using System.Text;

namespace Barrage.Reporting.Reports;

/// <summary>Renders a report in any format and writes the ones a run directory gets.</summary>
public static class ReportFiles
{
    // UTF-8 without a byte-order mark: JSON and CSV readers (jq, Python's json) reject one.
    private static readonly UTF8Encoding NoBom = new(encoderShouldEmitUTF8Identifier: false);

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

    /// <summary>Writes the report in <paramref name="format"/> to <paramref name="path"/> (UTF-8, no byte-order mark), whole or not at all (see <see cref="Export.WholeFile"/>).</summary>
    /// <exception cref="IOException">The file cannot be written; nothing of it is left.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be written.</exception>
    public static void WriteFile(RunReport report, ReportFileFormat format, string path) =>
        Export.WholeFile.Write(path, stream => stream.Write(NoBom.GetBytes(Render(report, format))));

    /// <summary>Writes <see cref="HtmlName"/> and <see cref="JsonName"/> into a run directory; returns their paths.</summary>
    /// <exception cref="IOException">A file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">A file cannot be written.</exception>
    public static IReadOnlyList<string> WriteRunDirectory(RunReport report, string directory)
    {
        var html = Path.Combine(directory, HtmlName);
        var json = Path.Combine(directory, JsonName);
        WriteFile(report, ReportFileFormat.Html, html);
        WriteFile(report, ReportFileFormat.Json, json);
        return [html, json];
    }
}
