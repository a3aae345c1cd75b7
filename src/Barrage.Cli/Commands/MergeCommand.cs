using System.CommandLine;
using Barrage.Cli.Output;
using Barrage.Cluster;
using Barrage.Formats.Phout;
using Barrage.Reporting.Summaries;
using Spectre.Console;

namespace Barrage.Cli.Commands;

/// <summary><c>barrage merge PATH...</c>: one summary of runs made side by side, from their phout files.</summary>
internal static class MergeCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Run directories (their phout.log files, at any depth) or phout files.", Arity = ArgumentArity.OneOrMore };
        var outDir = new Option<string?>("--out", "-o") { Description = "Write the merged summary.json into this directory." };
        var name = new Option<string?>("--name") { Description = "The merged run's name (default: merged)." };
        var command = new Command("merge", "Merge the results of independent runs (their phout files) into one summary.")
        {
            paths, outDir, name,
        };
        command.SetAction(parse =>
        {
            IReadOnlyList<string> files;
            try
            {
                files = PhoutMerge.Find(parse.GetRequiredValue(paths));
                var (total, outcome) = PhoutMerge.Read(files);
                var summary = RunSummary.From(parse.GetValue(name) ?? "merged", $"{files.Count} phout files", 0, outcome, total);
                SummaryRenderer.Render(console, summary);
                console.MarkupLineInterpolated($"[grey]merged {Format.Count(total.Requests)} requests from {string.Join(", ", files)}[/]");
                // The inputs were fine: a summary that cannot be written is a lost result, as for a run.
                if (parse.GetValue(outDir) is { } dir && !RunHost.WriteSummary(console, dir, summary))
                    return ExitCodes.ResultsIncomplete;
                return ExitCodes.Ok;
            }
            catch (PhoutFormatException e)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            }
            return ExitCodes.BadInput;
        });
        return command;
    }
}
