using System.CommandLine;
using Barrage.Formats.Har;
using Barrage.Formats.Imports;
using Barrage.Plans;
using Barrage.Target.Recording;
using Spectre.Console;

namespace Barrage.Cli.Commands;

/// <summary><c>barrage record -o plan.yaml</c>: a proxy that passes real traffic through and writes it as a plan when stopped.</summary>
internal static class RecordCommand
{
    public static Command Create(IAnsiConsole console, CancellationToken interrupt)
    {
        var listen = new Option<string>("--listen", "-l") { Description = "Address and port to listen on.", DefaultValueFactory = _ => "127.0.0.1:8888" };
        var target = ImportCommand.TargetOption("Reverse mode: send every request to this origin (point the client at the proxy instead of the site). Without it the proxy works in forward mode (set it as the client's HTTP proxy).");
        var output = ImportCommand.OutputOption();
        output.Required = true;
        var requests = new Option<int?>("--requests") { Description = "Stop after this many requests (Ctrl-C stops at any time)." };
        var duration = new Option<string?>("--duration", "-d") { Description = "Stop after this long, e.g. 5m." };
        var har = new HarOptionSet();
        var command = new Command("record", "Record real traffic through a proxy; when stopped, write it as a plan (parallel groups, think times).")
        {
            listen, target, output, requests, duration,
        };
        har.AddTo(command);
        command.SetAction(async (parse, _) =>
        {
            HarImportOptions options;
            TimeSpan? limit = null;
            Uri? upstream;
            try
            {
                options = har.Read(parse);
                upstream = ImportCommand.ParseTarget(parse.GetValue(target));
                if (parse.GetValue(duration) is { } text)
                    limit = Durations.TryParse(text, out var d, out var problem) ? d : throw new ImportException($"--duration: {problem}");
                if (parse.GetValue(requests) is <= 0)
                    throw new ImportException("--requests: must be at least 1");
            }
            catch (ImportException e)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
                return ExitCodes.BadInput;
            }

            RecordingProxy proxy;
            try
            {
                proxy = await RecordingProxy.StartAsync(new RecordingProxyOptions { Listen = parse.GetRequiredValue(listen), Upstream = upstream }, interrupt);
            }
            catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] cannot listen on {parse.GetValue(listen)}: {e.Message}");
                return ExitCodes.BadInput;
            }
            await using (proxy)
            {
                if (upstream is null)
                    console.MarkupLineInterpolated($"Recording proxy on [bold]{proxy.Address}[/]: set it as the client's HTTP proxy. Ctrl-C writes the plan.");
                else
                    console.MarkupLineInterpolated($"Recording on [bold]{proxy.Address}[/], forwarding to {upstream}: send the client there. Ctrl-C writes the plan.");
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(interrupt);
                if (limit is { } l)
                    stop.CancelAfter(l);
                try
                {
                    await proxy.WaitForAsync(parse.GetValue(requests) ?? int.MaxValue, stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
            if (proxy.BinaryBodies > 0)
                console.MarkupLineInterpolated($"[yellow]warning:[/] {proxy.BinaryBodies} binary request bodies were recorded without their body");
            var recorded = proxy.Recorded();
            // HTTPS through CONNECT is encrypted end to end: the plan can only say which hosts it is missing.
            var tunnels = proxy.Tunnels().Select(t => new ImportWarning("",
                $"HTTPS to {t.Key} went through {t.Value} CONNECT tunnel(s), which are passed on but not recorded; record it in reverse mode (--target https://{t.Key})")).ToList();
            if (recorded.Count == 0)
            {
                foreach (var tunnel in tunnels)
                    console.MarkupLineInterpolated($"[yellow]warning:[/] {tunnel}");
                console.MarkupLine("[red]error:[/] nothing was recorded: no plain HTTP request came through the proxy");
                return ExitCodes.BadInput;
            }
            console.MarkupLineInterpolated($"recorded {recorded.Count} request(s)");
            var path = parse.GetValue(output)!; // required: the parser refuses a command without it
            return ImportCommand.Run(console, path, () => HarImport.Import(recorded, path, options with
            {
                Warnings = tunnels,
                SourceDescription = FormattableString.Invariant($"traffic recorded by 'barrage record' ({(upstream is null ? "forward proxy" : "reverse proxy to " + upstream)}) at {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC"),
            }));
        });
        return command;
    }
}
