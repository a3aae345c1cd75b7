using System.CommandLine;
using Barrage.Formats.Ammo;
using Barrage.Formats.Har;
using Barrage.Formats.Tsung;
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
        Tsung(console),
    };

    private static Command Tsung(IAnsiConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "The Tsung scenario (XML)." };
        var output = OutputOption();
        var target = TargetOption("The plan's target; by default Tsung's first <server>.");
        var command = new Command("tsung", "Make a plan from a Tsung XML scenario: arrival phases, sessions by weight, requests, think times, transactions, dynamic variables, matches, loops.")
        {
            file, output, target,
        };
        command.SetAction(parse => Run(console, parse.GetValue(output), () => TsungPlan(parse.GetRequiredValue(file), ParseTarget(parse.GetValue(target)))));
        return command;
    }

    /// <exception cref="ImportException">The file is missing, not XML or not Tsung.</exception>
    internal static ImportResult TsungPlan(string path, Uri? target)
    {
        if (!File.Exists(path))
            throw new ImportException($"{path}: no such file");
        return TsungImport.Import(TsungReader.Read(path), path, target);
    }

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

    /// <summary>Writes the plan and the files it needs beside it.</summary>
    internal static void WritePlan(string path, ImportResult result)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        foreach (var file in result.Files)
            File.WriteAllText(Path.Combine(folder, file.Name), file.Content);
        File.WriteAllText(path, result.Yaml);
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
            if (result.Files.Count > 0)
            {
                console.MarkupLineInterpolated($"[red]error:[/] the plan needs {string.Join(", ", result.Files.Select(f => f.Name))} beside it; write it to a file with -o");
                return ExitCodes.BadInput;
            }
            Console.Out.Write(result.Yaml);
            return ExitCodes.Ok;
        }
        try
        {
            WritePlan(output, result);
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
