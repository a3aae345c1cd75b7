using System.Net;
using System.Reflection;

namespace Barrage.Reporting.Reports;

/// <summary>
/// The HTML report: one self-contained file that opens offline. The page template, its script and style, and
/// uPlot (installed from npm at build time) are resources of this assembly; the report's data is embedded as
/// JSON and drawn by the page. Each chart, once drawn, sets <c>data-points</c> to the points it drew.
/// </summary>
public static class ReportHtml
{
    private static readonly Lazy<string> Template = new(() => Fill(Resource("report.html"), new Dictionary<string, string>
    {
        ["/*UPLOT_CSS*/"] = Resource("uPlot.css"),
        ["/*REPORT_CSS*/"] = Resource("report.css"),
        ["/*UPLOT_JS*/"] = Resource("uPlot.js"),
        ["/*REPORT_JS*/"] = Resource("report.js"),
    }));

    /// <summary>The whole page.</summary>
    public static string Write(RunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return Fill(Template.Value, new Dictionary<string, string>
        {
            ["{{TITLE}}"] = WebUtility.HtmlEncode($"Barrage run #{report.Run.Id}: {report.Run.Name}"),
            ["/*REPORT_DATA*/"] = ReportJson.WriteForHtml(report),
        });
    }

    private static string Fill(string template, Dictionary<string, string> values)
    {
        // One pass per placeholder, each found once: a value (uPlot's code, the data) is never scanned for placeholders.
        foreach (var (key, value) in values)
        {
            var at = template.IndexOf(key, StringComparison.Ordinal);
            if (at < 0)
                throw new InvalidOperationException($"the report template has no {key}");
            template = string.Concat(template.AsSpan(0, at), value, template.AsSpan(at + key.Length));
        }
        return template;
    }

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Barrage.Reporting." + name)
            ?? throw new InvalidOperationException($"the report asset {name} is missing from the build (did `npm ci` run in src/Barrage.Reporting/web?)");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
