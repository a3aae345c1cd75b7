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
        var root = new RootCommand("Barrage: HTTP load testing that is fast, precise and honest about latency.");
        foreach (var command in Commands(args, console, interrupt))
            root.Subcommands.Add(command);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                console.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
            foreach (var token in parsed.UnmatchedTokens)
            {
                if (Closest(token, parsed.CommandResult.Command) is { } guess)
                    console.MarkupLineInterpolated($"'{token}': did you mean [bold]{guess}[/]?");
            }
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

    /// <summary>The command or option of <paramref name="command"/> a mistyped token most likely meant, if any is close.</summary>
    internal static string? Closest(string token, Command command) =>
        Plans.Yaml.Suggestions.Closest(token, token.StartsWith('-')
            ? command.Options.SelectMany(o => o.Aliases.Prepend(o.Name))
            : command.Subcommands.Select(c => c.Name));

    /// <summary>The commands of the root: only the one named first when it is a command, else all of them.</summary>
    /// <remarks>
    /// Each command builds its options (many generic over value types, JIT-compiled where not precompiled); building
    /// the other fourteen for a <c>hit</c> cost ~4 ms of CPU (bench/startup.py). Help, a mistyped name and root
    /// options see every command.
    /// </remarks>
    internal static List<Command> Commands(string[] args, IAnsiConsole console, CancellationToken interrupt)
    {
        var factories = new (string Name, Func<Command> Create)[]
        {
            ("run", () => RunCommand.Create(console, interrupt)),
            ("hit", () => HitCommand.Create(console, interrupt)),
            ("agent", () => AgentCommand.Create(console, interrupt)),
            ("merge", () => MergeCommand.Create(console)),
            ("validate", () => ValidateCommand.Create(console)),
            ("plan-show", () => PlanShowCommand.Create(console)),
            ("target", () => TargetCommand.Create(console, interrupt)),
            ("history", () => HistoryCommand.Create(console)),
            ("show", () => ShowCommand.Create(console)),
            ("compare", () => CompareCommand.Create(console)),
            ("report", () => ReportCommand.Create(console)),
            ("ui", () => UiCommand.Create(console, interrupt)),
            ("import", () => ImportCommand.Create(console)),
            ("export", () => ExportCommand.Create(console)),
            ("record", () => RecordCommand.Create(console, interrupt)),
        };
        var named = args.Length > 0 && Array.Exists(factories, f => f.Name == args[0]) ? args[0] : null;
        var commands = new List<Command>(named is null ? factories.Length : 1);
        foreach (var (name, create) in factories)
        {
            if (named is null || name == named)
                commands.Add(create());
        }
        return commands;
    }
}
