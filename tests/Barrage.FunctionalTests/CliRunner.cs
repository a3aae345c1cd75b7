using System.Diagnostics;
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

/// <summary>Runs the real <c>barrage</c> process, as a shell or a CI job does: its exit code and everything it printed.</summary>
internal static class CliProcess
{
    /// <summary>barrage.dll is copied beside the tests, as the CLI project is referenced.</summary>
    public static Process Start(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "barrage.dll");
        var info = new ProcessStartInfo("dotnet", [dll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return Process.Start(info)!;
    }

    /// <summary>Runs barrage to its end (at most a minute), standard output then standard error.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        using var barrage = Start(args);
        var stdout = barrage.StandardOutput.ReadToEndAsync();
        var stderr = barrage.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await barrage.WaitForExitAsync(timeout.Token);
        return (barrage.ExitCode, await stdout + await stderr);
    }
}
