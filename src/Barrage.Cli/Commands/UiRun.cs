using Barrage.Plans;
using Barrage.Reporting.Store;
using Barrage.Web;
using Barrage.Web.Live;
using Spectre.Console;

namespace Barrage.Cli.Commands;

/// <summary><c>run PLAN --ui</c>: serves the dashboard for the length of the run, its live page following it.</summary>
internal static class UiRun
{
    public static async Task<int> ExecuteAsync(IAnsiConsole console, Plan plan, string listen, string? store, CancellationToken interrupt,
        Func<ILiveRunFeed, CancellationToken, Task<int>> run)
    {
        var options = new DashboardOptions { Listen = listen, StorePath = RunStoreLocation.Resolve(store) };
        await using var server = await UiCommand.StartAsync(console, options, launcher: null, interrupt);
        if (server is null)
            return ExitCodes.BadInput;
        // The page's Stop button stops the run the way Ctrl-C does.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
        var (number, feed) = server.Follow(plan.Name, stop);
        console.MarkupLineInterpolated($"live dashboard on [bold]{server.LivePageUrl(number)}[/]");
        var code = ExitCodes.InternalError;
        try
        {
            code = await run(feed, stop.Token);
        }
        finally
        {
            server.Finished(feed, code);
        }
        return code;
    }
}
