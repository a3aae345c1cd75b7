using Barrage.Plans;
using Spectre.Console;

namespace Barrage.Cli.Output;

/// <summary>Prints plan errors one per line, <c>file:line:column: message</c>, as compilers do.</summary>
internal static class ErrorPrinter
{
    public static void Print(IAnsiConsole console, IReadOnlyList<PlanError> errors)
    {
        foreach (var error in errors)
        {
            var where = error.Position.IsKnown || error.Position.File.Length > 0 ? error.Position + ": " : "";
            console.MarkupLineInterpolated($"[bold]{where}[/][red]error:[/] {error.Message}");
        }
        var count = errors.Count;
        console.MarkupLineInterpolated($"[red]{count} error{(count == 1 ? "" : "s")}[/]");
    }
}
