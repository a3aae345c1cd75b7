using Barrage.Plans;
using Barrage.Web;
using Barrage.Web.Live;
using Spectre.Console;

namespace Barrage.Cli.Commands;

/// <summary>Runs the Start page's plans the way <c>barrage run</c> does, showing them in the dashboard's terminal.</summary>
internal sealed class DashboardLauncher(IAnsiConsole console, string? store) : IRunLauncher
{
    public Task<int> RunAsync(Plan plan, string outputDirectory, ILiveRunFeed live, CancellationToken stop) =>
        RunHost.ExecuteAsync(console, plan, outputDirectory, stop, store, live: live);
}
