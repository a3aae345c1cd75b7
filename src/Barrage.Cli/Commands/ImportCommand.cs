using System.CommandLine;
using Barrage.Formats.Ammo;
using Barrage.Formats.Har;
using Barrage.Formats.Imports;
using Spectre.Console;

namespace Barrage.Cli.Commands;

/// <summary><c>barrage import KIND FILE -o plan.yaml</c>: turns what users already have into a Barrage plan.</summary>
internal static class ImportCommand
{
    public static Command Create(IAnsiConsole console) => new("import", "Make a plan from Phantom ammo, a HAR recording or a Tsung XML scenario.")
    {
        Ammo(console),
        Har(console),
    };

    private static Command Har(IAnsiConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "The HAR file (HAR 1.2, as browsers' developer tools and proxies save it)." };
        var output = OutputOption();
        var target = TargetOption("The plan's target; by default the origin most requests went to.");
        var har = new HarOptionSet();
        var command = new Command("har", "Make a plan from a browser recording: parallel groups for requests in flight together, think times for pauses.")
        {
            file, output, target,
        };
        har.AddTo(command);
        command.SetAction(parse => Run(console, parse.GetValue(output), () =>
        {
            var path = parse.GetRequiredValue(file);
            if (!File.Exists(path))
                throw new ImportException($"{path}: no such file");
            return HarImport.Import(HarReader.Read(path), path, har.Read(parse) with { Target = ParseTarget(parse.GetValue(target)) });
        }));
        return command;
    }


    private static Command Ammo(IAnsiConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "The ammo file (request, uri or uripost style; gzipped is fine)." };
        var output = OutputOption();
        var target = TargetOption("The base URL of the plan; by default taken from the first Host header.");
        var style = new Option<string>("--style") { Description = "auto, request, uri or uripost.", DefaultValueFactory = _ => "auto" };
        style.AcceptOnlyFromAmong([.. Barrage.Plans.AmmoSpec.Styles]);
        var command = new Command("ammo", "Make a plan whose requests are those of a Phantom ammo file, in order.") { file, output, target, style };
        command.SetAction(parse => Run(console, parse.GetValue(output), () =>
        {
            var path = parse.GetRequiredValue(file);
            if (!File.Exists(path))
                throw new ImportException($"{path}: no such file");
            var requests = AmmoReader.Read(path, Enum.Parse<AmmoStyle>(parse.GetRequiredValue(style), ignoreCase: true));
            return AmmoImport.Import(requests, path, ParseTarget(parse.GetValue(target)));
        }));
        return command;
    }

    internal static Option<string?> OutputOption() => new("--output", "-o") { Description = "Where to write the result; standard output when not given." };

    internal static Option<string?> TargetOption(string description) => new("--target") { Description = description };

    /// <exception cref="ImportException">The text is not an absolute http(s) URL.</exception>
    internal static Uri? ParseTarget(string? text) =>
        text is null ? null
        : Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri
        : throw new ImportException($"--target: '{text}' is not an absolute http:// or https:// URL");

    // Every importer ends the same way: warnings to the console, the plan to the file (or standard output).
    internal static int Run(IAnsiConsole console, string? output, Func<ImportResult> import)
    {
        ImportResult result;
        try
        {
            result = import();
        }
        catch (Exception e) when (e is ImportException or AmmoFormatException or IOException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return ExitCodes.BadInput;
        }
        foreach (var warning in result.Warnings)
            console.MarkupLineInterpolated($"[yellow]warning:[/] {warning}");
        if (output is null)
        {
            Console.Out.Write(result.Yaml);
            return ExitCodes.Ok;
        }
        try
        {
            File.WriteAllText(output, result.Yaml);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {output}: {e.Message}");
            return ExitCodes.BadInput;
        }
        console.MarkupLineInterpolated($"[green]wrote[/] {output}; check it with [bold]barrage validate {output}[/]");
        return ExitCodes.Ok;
    }
}
