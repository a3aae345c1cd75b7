using System.Globalization;
using System.Text.Json;
using Barrage.Cluster;
using Barrage.Reporting.Export;
using Barrage.Reporting.Summaries;
using Spectre.Console;

namespace Barrage.Cli.Output;

/// <summary>
/// A cluster run's per-agent breakdown: a table after the summary (at the end of the run and in <c>barrage show</c>), and
/// <c>agents.json</c> in the run directory.
/// </summary>
internal static class AgentBreakdown
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The agents as the summary and the run store keep them.</summary>
    public static IReadOnlyList<AgentSummary> Summaries(IReadOnlyList<AgentShare> agents) =>
        [.. agents.Select(a => new AgentSummary(a.Name, a.Host, a.Share.ToString(), a.Requests, a.Errors, a.Dropped, a.Offset?.OffsetUs,
            a.LostAfterSeconds, a.Error))];

    public static void Render(IAnsiConsole console, IReadOnlyList<AgentSummary> agents)
    {
        if (agents.Count == 0)
            return;
        var table = new Table().Border(TableBorder.Simple).AddColumns("agent", "host", "share", "requests", "errors", "dropped", "clock offset", "state");
        foreach (var a in agents)
        {
            var state = a.LostAfterSeconds is { } lost
                ? $"[red]lost after {lost.ToString("0.0", CultureInfo.InvariantCulture)} s: its share {a.Share} is missing from then on[/]"
                : a.Error is { } error ? $"[red]error: {Markup.Escape(error)}[/]" : "done";
            var offset = a.ClockOffsetUs is { } us ? (us / 1000.0).ToString("+0.00 ms;-0.00 ms", CultureInfo.InvariantCulture) : "-";
            table.AddRow(Markup.Escape(a.Name), Markup.Escape(a.Host), a.Share, Format.Count(a.Requests), Format.Count(a.Errors), Format.Count(a.Dropped),
                offset, state);
        }
        console.Write(table);
    }

    /// <summary>Writes <c>agents.json</c> (with what only the live run knows: clock uncertainty, where phout was collected).</summary>
    /// <returns>False when the file could not be written (said in an error line).</returns>
    public static bool WriteJson(IAnsiConsole console, IReadOnlyList<AgentShare> agents, string outDir)
    {
        var path = Path.Combine(outDir, "agents.json");
        try
        {
            WholeFile.Write(path, stream => JsonSerializer.Serialize(stream, agents.Select(a => new
            {
                a.Name,
                a.Host,
                Share = a.Share.ToString(),
                a.Requests,
                a.Errors,
                a.Dropped,
                ClockOffsetUs = a.Offset?.OffsetUs,
                ClockUncertaintyUs = a.Offset?.UncertaintyUs,
                a.Done,
                LostAfterS = a.LostAfterSeconds,
                a.Error,
                Phout = a.PhoutPath is null ? null : Path.GetRelativePath(outDir, a.PhoutPath),
                a.PhoutIncomplete,
            }), Json));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] could not write {path}: {e.Message}");
            return false;
        }
    }
}
