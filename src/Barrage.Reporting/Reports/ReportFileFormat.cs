namespace Barrage.Reporting.Reports;

/// <summary>The formats <c>barrage report</c> writes.</summary>
public enum ReportFileFormat
{
    /// <summary>One self-contained page with charts (<see cref="ReportHtml"/>).</summary>
    Html,

    /// <summary>The whole report for machines (<see cref="ReportJson"/>).</summary>
    Json,

    /// <summary>Tables for a pull request (<see cref="ReportMarkdown"/>).</summary>
    Markdown,

    /// <summary>The per-second series (<see cref="ReportCsv"/>).</summary>
    Csv,
}
