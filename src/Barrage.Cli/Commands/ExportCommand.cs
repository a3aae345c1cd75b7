using System.CommandLine;
using Barrage.Formats.Ammo;
using Barrage.Formats.Imports;
using Barrage.Reporting.Export;
using Spectre.Console;

namespace Barrage.Cli.Commands;

/// <summary><c>barrage export ammo PLAN -o FILE</c>: a plan's requests as Phantom ammo, for Yandex.Tank.</summary>
internal static class ExportCommand
{
    public static Command Create(IAnsiConsole console) => new("export", "Write a plan in another tool's format.")
    {
        Ammo(console),
    };

    private static Command Ammo(IAnsiConsole console)
    {
        var plan = new Argument<string>("PLAN") { Description = "The plan file (YAML)." };
        var output = ImportCommand.OutputOption();
        output.Required = true;
        var target = ImportCommand.TargetOption("The address for the Host headers; the plan's target by default (required when it is 'builtin').");
        var command = new Command("ammo", "Write the requests of a plan's main as Phantom request-style ammo.") { plan, output, target };
        command.SetAction(parse =>
        {
            var loaded = PlanArguments.Load(console, parse.GetRequiredValue(plan));
            if (loaded is null)
                return ExitCodes.BadInput;
            var path = parse.GetValue(output)!; // required: the parser refuses a command without it
            try
            {
                IReadOnlyList<ImportWarning> warnings = [];
                WholeFile.Write(path, stream => warnings = AmmoExport.Export(loaded, ImportCommand.ParseTarget(parse.GetValue(target)), stream));
                foreach (var warning in warnings)
                    console.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
                console.MarkupLineInterpolated($"[green]wrote[/] {path}");
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is ImportException or IOException or UnauthorizedAccessException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }
}
