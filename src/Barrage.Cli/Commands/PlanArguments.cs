using Barrage.Cli.Output;
using Barrage.Formats.Imports;
using Barrage.Plans;
using Spectre.Console;

namespace Barrage.Cli.Commands;

/// <summary>Loading a plan for a command, with errors printed the same way everywhere.</summary>
internal static class PlanArguments
{
    /// <summary>Loads and validates a plan; prints every error and returns null when it is not valid.</summary>
    /// <remarks>A Tsung scenario (<c>.xml</c>) is imported on the fly, its warnings printed.</remarks>
    public static Plan? Load(IAnsiConsole console, string path, PlanOverrides? overrides = null)
    {
        try
        {
            var plan = path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? LoadTsung(console, path) : PlanLoader.LoadFile(path);
            return overrides is null ? plan : PlanLoader.ApplyOverrides(plan, overrides);
        }
        catch (PlanException e)
        {
            ErrorPrinter.Print(console, e.Errors);
            return null;
        }
        catch (ImportException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
            return null;
        }
    }

    // The imported plan and its data files are written to a folder of their own and loaded from there, as a
    // plan written by 'barrage import tsung' would be; the plan keeps the XML file as its source.
    private static Plan LoadTsung(IAnsiConsole console, string path)
    {
        var result = ImportCommand.TsungPlan(path, target: null);
        foreach (var warning in result.Warnings)
            console.MarkupLineInterpolated($"[yellow]warning:[/] {path}: {warning}");
        var folder = Directory.CreateTempSubdirectory("barrage-tsung-");
        try
        {
            var plan = Path.Combine(folder.FullName, Path.GetFileNameWithoutExtension(path) + ".yaml");
            ImportCommand.WritePlan(plan, result);
            return PlanLoader.LoadFile(plan) with { SourcePath = Path.GetFullPath(path) };
        }
        catch (PlanException)
        {
            console.MarkupLineInterpolated($"[yellow]note:[/] the plan imported from {path} is not valid; 'barrage import tsung {path} -o plan.yaml' writes it for a closer look");
            throw;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
