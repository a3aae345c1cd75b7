using System.Runtime.InteropServices;
using Spectre.Console;

namespace Barrage.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Socket completions run on the socket engine's own threads instead of hopping to the thread pool:
        // the generator then works like wrk's event loops (measured: about 25% more requests per CPU-second).
        // Must be set before the first socket is created; a value set by the user wins.
        if (Environment.GetEnvironmentVariable(InlineCompletions) is null)
            Environment.SetEnvironmentVariable(InlineCompletions, "1");

        using var interrupt = new CancellationTokenSource();
        // The first Ctrl-C (or SIGTERM) stops the test gracefully: requests in flight finish or time out,
        // and the summary and result files are still written. Later ones are absorbed while that happens.
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            Interrupt(interrupt);
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            Interrupt(interrupt);
        });
        // Redirected output (CI, a log file): tables up to 160 columns wide, not 80 (progress lines are never wrapped).
        if (Console.IsOutputRedirected)
            AnsiConsole.Profile.Width = 160;
        return await CliApp.RunAsync(args, AnsiConsole.Console, interrupt.Token);
    }

    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    private static void Interrupt(CancellationTokenSource interrupt)
    {
        if (!interrupt.IsCancellationRequested)
            ThreadPool.UnsafeQueueUserWorkItem(static cts => cts.Cancel(), interrupt, preferLocal: false);
    }
}
