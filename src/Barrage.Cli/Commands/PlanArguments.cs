using Barrage.Cli.Output;
using Barrage.Plans;
using Spectre.Console;

namespace Barrage.Cli.Commands;

/// <summary>Loading a plan for a command, with errors printed the same way everywhere.</summary>
internal static class PlanArguments
{
    /// <summary>Loads and validates a plan; prints every error and returns null when it is not valid.</summary>
    public static Plan? Load(IAnsiConsole console, string path, PlanOverrides? overrides = null)
    {
        try
        {
            var plan = PlanLoader.LoadFile(path);
            return overrides is null ? plan : PlanLoader.ApplyOverrides(plan, overrides);
        }
        catch (PlanException e)
        {
            ErrorPrinter.Print(console, e.Errors);
            return null;
        }
    }
}
