using System.CommandLine;
using Barrage.Cli.Commands;
using Barrage.Cli.Output;
using Spectre.Console;

namespace Barrage.Cli;

/// <summary>
/// The <c>barrage</c> command line: maps arguments onto the library's options and nothing more. All output
/// goes through <see cref="IAnsiConsole"/> so tests can render it into a test console.
/// </summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, CancellationToken interrupt)
    {
        var root = new RootCommand("Barrage: HTTP load testing that is fast, precise and honest about latency.")
        {
            RunCommand.Create(console, interrupt),
            HitCommand.Create(console, interrupt),
            AgentCommand.Create(console, interrupt),
            MergeCommand.Create(console),
            ValidateCommand.Create(console),
            PlanShowCommand.Create(console),
            TargetCommand.Create(console, interrupt),
            HistoryCommand.Create(console),
            ShowCommand.Create(console),
            CompareCommand.Create(console),
            ReportCommand.Create(console),
            UiCommand.Create(console, interrupt),
            ImportCommand.Create(console),
            ExportCommand.Create(console),
            RecordCommand.Create(console, interrupt),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                console.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
            console.MarkupLine("Run [bold]barrage --help[/] for usage.");
            return ExitCodes.BadInput;
        }
        var config = new InvocationConfiguration
        {
            Output = new ConsoleTextWriter(console),
            Error = new ConsoleTextWriter(console),
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        try
        {
            return await parsed.InvokeAsync(config, interrupt);
        }
#pragma warning disable CA1031 // The last line of defence: a bug is reported, not dumped as a trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            console.MarkupLineInterpolated($"[red]internal error:[/] {e.GetType().Name}: {e.Message}");
            console.MarkupLine("This is a bug in Barrage; please report it with the command you ran.");
            if (Environment.GetEnvironmentVariable("BARRAGE_DEBUG") == "1")
                console.WriteLine(e.ToString());
            return ExitCodes.InternalError;
        }
    }
}
