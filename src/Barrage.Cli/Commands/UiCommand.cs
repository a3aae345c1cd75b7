using System.CommandLine;
using Barrage.Reporting.Store;
using Barrage.Web;
using Spectre.Console;

namespace Barrage.Cli.Commands;

/// <summary><c>barrage ui</c>: serves the dashboard (history, live runs, detail, compare, start) until Ctrl-C.</summary>
internal static class UiCommand
{
    /// <summary>Where the dashboard listens unless told.</summary>
    public const string DefaultListen = "127.0.0.1:8089";

    public static Command Create(IAnsiConsole console, CancellationToken interrupt)
    {
        var listen = new Option<string>("--listen") { Description = "Address to listen on (host:port). Anything but loopback needs a token.", DefaultValueFactory = _ => DefaultListen };
        var plans = new Option<string?>("--plans") { Description = "Folder of plans the Start page may run." };
        var token = new Option<string?>("--token") { Description = "Access token every request must carry (generated when listening beyond loopback without one)." };
        var concurrent = new Option<bool>("--concurrent") { Description = "Let the Start page start a run while another runs." };
        var store = ResultOptions.StoreOption();
        var command = new Command("ui", "Serve the dashboard: run history, live runs, run detail, comparison, and starting plans.")
        {
            listen, plans, token, concurrent, store,
        };
        command.SetAction(async (parse, _) =>
        {
            var plansDir = parse.GetValue(plans);
            if (plansDir is not null && !Directory.Exists(plansDir))
            {
                console.MarkupLineInterpolated($"[red]error:[/] --plans: {plansDir} is not a folder");
                return ExitCodes.BadInput;
            }
            var options = new DashboardOptions
            {
                Listen = parse.GetValue(listen)!,
                StorePath = RunStoreLocation.Resolve(parse.GetValue(store)),
                PlansDirectory = plansDir,
                Token = parse.GetValue(token),
                AllowConcurrentRuns = parse.GetValue(concurrent),
            };
            await using var server = await StartAsync(console, options, new DashboardLauncher(console, parse.GetValue(store)), interrupt);
            if (server is null)
                return ExitCodes.BadInput;
            console.MarkupLineInterpolated($"dashboard on [bold]{server.BrowserUrl}[/] (Ctrl-C stops it)");
            try
            {
                await Task.Delay(Timeout.Infinite, interrupt);
            }
            catch (OperationCanceledException)
            {
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Starts a dashboard; prints why and returns null when the address is wrong or taken.</summary>
    internal static async Task<DashboardServer?> StartAsync(IAnsiConsole console, DashboardOptions options, IRunLauncher? launcher, CancellationToken cancel)
    {
        try
        {
            var server = await DashboardServer.StartAsync(options, launcher, cancel);
            if (server.Token is not null && string.IsNullOrEmpty(options.Token))
                console.MarkupLineInterpolated($"[yellow]the dashboard listens beyond loopback: access token {server.Token}[/]");
            return server;
        }
        catch (ArgumentException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] --listen: {e.Message}");
        }
        catch (IOException e)
        {
            console.MarkupLineInterpolated($"[red]error:[/] the dashboard cannot listen on {options.Listen}: {e.Message}");
        }
        return null;
    }
}
