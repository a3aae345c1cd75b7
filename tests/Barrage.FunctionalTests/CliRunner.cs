using Barrage.Cli;
using Spectre.Console.Testing;

namespace Barrage.FunctionalTests;

/// <summary>Runs the <c>barrage</c> command in-process, rendering into a test console.</summary>
internal static class CliRunner
{
    public static async Task<(int ExitCode, string Output)> RunAsync(CancellationToken interrupt, params string[] args)
    {
        var console = new TestConsole().Width(160);
        var code = await CliApp.RunAsync(args, console, interrupt);
        return (code, console.Output);
    }

    public static Task<(int ExitCode, string Output)> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);
}
