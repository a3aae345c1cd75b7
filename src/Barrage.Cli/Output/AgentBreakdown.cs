using System.Text.Json;
using Barrage.Cluster;
using Spectre.Console;

namespace Barrage.Cli.Output;

/// <summary>A cluster run's per-agent breakdown: a table after the summary, and <c>agents.json</c> in the run directory.</summary>
internal static class AgentBreakdown
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void Render(IAnsiConsole console, IReadOnlyList<AgentShare> agents, string? outDir)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("agent", "share", "requests", "errors", "dropped", "clock offset", "state");
        foreach (var a in agents)
        {
            var state = a.LostAfterSeconds is { } lost
                ? $"[red]lost after {lost:0.0} s: its share {a.Share} is missing from then on[/]"
                : a.Error is { } error ? $"[red]error: {Markup.Escape(error)}[/]" : a.Done ? "done" : "[yellow]no end reported[/]";
            table.AddRow(Markup.Escape(a.Name), a.Share.ToString(), Format.Count(a.Requests), Format.Count(a.Errors), Format.Count(a.Dropped),
                Markup.Escape(a.Offset?.ToString() ?? "-"), state);
        }
        console.Write(table);
        if (outDir is null)
            return;
        var path = Path.Combine(outDir, "agents.json");
        try
        {
            File.WriteAllText(path, JsonSerializer.Serialize(agents.Select(a => new
            {
                a.Name,
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
            }), Json));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] could not write {path}: {e.Message}");
        }
    }
}
