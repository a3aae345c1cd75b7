using Barrage.Plans;
using Spectre.Console;

namespace Barrage.Cli.Output;

/// <summary>Prints plan errors one per line, <c>file:line:column: message</c>, as compilers do (unwrapped when the output has no colours).</summary>
internal static class ErrorPrinter
{
    public static void Print(IAnsiConsole console, IReadOnlyList<PlanError> errors)
    {
        foreach (var error in errors)
        {
            var where = error.Position.IsKnown || error.Position.File.Length > 0 ? error.Position + ": " : "";
            // Without colours (a CI log, a pipe), one line per error however long: editors and grep read them by line.
            if (PlainConsole.Applies(console))
                console.Profile.Out.Writer.Write($"{where}error: {error.Message}\n");
            else
                console.MarkupLineInterpolated($"[bold]{where}[/][red]error:[/] {error.Message}");
        }
        var count = errors.Count;
        console.MarkupLineInterpolated($"[red]{count} error{(count == 1 ? "" : "s")}[/]");
    }
}
