using System.CommandLine;
using System.Text;
using System.Text.Json;
using Barrage.Reporting.Reports;
using Barrage.Reporting.Store;
using Spectre.Console;

namespace Barrage.Cli.Commands;

/// <summary>
/// <c>barrage report RUN</c>: a run's report as HTML, JSON, Markdown or CSV, built from the run store. RUN is a
/// run id, <c>last</c>, or a run directory (whose report.json names the run; if the store no longer has it, the
/// report.json itself is rendered).
/// </summary>
internal static class ReportCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var run = new Argument<string>("RUN") { Description = "A run id (see barrage history), 'last', or a run directory." };
        var format = new Option<string?>("--format", "-f") { Description = "html, json, md or csv; default from -o's extension, else html." };
        var output = new Option<string?>("--output", "-o") { Description = "The file to write; default standard output." };
        var store = ResultOptions.StoreOption();
        var command = new Command("report", "Write a recorded run's report: HTML with charts, JSON, Markdown or CSV.") { run, format, output, store };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(output);
            var formatName = parse.GetValue(format) ?? (path is null ? "html" : Path.GetExtension(path).TrimStart('.'));
            if (ReportFiles.ParseFormat(formatName) is not { } kind)
            {
                console.MarkupLineInterpolated($"[red]error:[/] --format: expected html, json, md or csv, got '{formatName}'");
                return ExitCodes.BadInput;
            }
            var report = Load(console, parse.GetRequiredValue(run), parse.GetValue(store));
            if (report is null)
                return ExitCodes.BadInput;
            var text = ReportFiles.Render(report, kind);
            if (path is null)
            {
                console.Profile.Out.Writer.Write(text);
                console.Profile.Out.Writer.Flush();
                return ExitCodes.Ok;
            }
            try
            {
                File.WriteAllText(path, text, Encoding.UTF8);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] cannot write {path}: {e.Message}");
                return ExitCodes.BadInput;
            }
            console.MarkupLineInterpolated($"[grey]report of run #{report.Run.Id} written to {path}[/]");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static RunReport? Load(IAnsiConsole console, string reference, string? storeOption)
    {
        RunReport? saved = null;
        if (Directory.Exists(reference))
        {
            var json = Path.Combine(reference, ReportFiles.JsonName);
            try
            {
                saved = ReportJson.Read(File.ReadAllText(json));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {reference} is not a run directory with a readable {ReportFiles.JsonName}: {e.Message}");
                return null;
            }
            reference = saved.Run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!File.Exists(RunStoreLocation.Resolve(storeOption)))
                return saved;
        }
        using var store = StoreAccess.Open(console, storeOption);
        if (store is null)
            return saved;
        try
        {
            if (saved is not null)
            {
                // The directory's run, if this store has it (same plan hash and start); else the directory's own report.
                var fresh = ReportBuilder.FromStore(store, saved.Run.Id);
                return fresh is not null && fresh.Run.PlanHash == saved.Run.PlanHash && fresh.Run.StartedAt == saved.Run.StartedAt ? fresh : saved;
            }
            if (StoreAccess.Find(console, store, reference) is not { } found)
                return null;
            return ReportBuilder.FromStore(store, found.Id);
        }
        catch (StoreException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return saved;
        }
    }
}
