using System.CommandLine;
using Barrage.Formats.Har;
using Barrage.Formats.Imports;
using Barrage.Plans;
using Barrage.Reporting.Store;
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
        var requests = new Option<int?>("--requests") { Description = "Stop after this many requests (Ctrl-C stops at any time)." }.Numeric();
        var duration = new Option<string?>("--duration", "-d") { Description = "Stop after this long, e.g. 5m." };
        var mitm = new Option<bool>("--mitm") { Description = "Record HTTPS too: decrypt CONNECT tunnels with certificates from a local CA, which the client must trust (made on first use)." };
        var caDir = new Option<string?>("--ca-dir") { Description = "Where --mitm keeps its CA (barrage-ca.crt, barrage-ca.key); default: 'ca' beside the run store." };
        var insecure = new Option<bool>("--insecure", "-k") { Description = "Do not check the upstream's TLS certificate." };
        var har = new HarOptionSet();
        var command = new Command("record", "Record real traffic through a proxy; when stopped, write it as a plan (parallel groups, think times).")
        {
            listen, target, output, requests, duration, mitm, caDir, insecure,
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

            using var authority = parse.GetValue(mitm) ? LoadAuthority(console, parse.GetValue(caDir)) : null;
            if (parse.GetValue(mitm) && authority is null)
                return ExitCodes.BadInput;
            RecordingProxy proxy;
            try
            {
                proxy = await RecordingProxy.StartAsync(new RecordingProxyOptions
                {
                    Listen = parse.GetRequiredValue(listen),
                    Upstream = upstream,
                    Mitm = authority,
                    InsecureUpstream = parse.GetValue(insecure),
                }, interrupt);
            }
            catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] cannot listen on {parse.GetValue(listen)}: {e.Message}");
                return ExitCodes.BadInput;
            }
            await using (proxy)
            {
                if (authority is not null)
                {
                    console.MarkupLineInterpolated($"HTTPS is decrypted and recorded with certificates from the CA {(authority.Created ? "just made" : "made earlier")} in [bold]{authority.CertificatePath}[/].");
                    console.MarkupLineInterpolated($"Trust that file explicitly in the client only (e.g. curl --cacert {authority.CertificatePath}, or a browser's certificate import); Barrage installs it nowhere. Keep {authority.KeyPath} private.");
                }
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
            // HTTPS through CONNECT is encrypted end to end: the plan can only say which hosts it is missing. With --mitm
            // the tunnels left are those that did not start with TLS (curl -p, a browser's ws:// through the proxy).
            var tunnels = proxy.Tunnels().Select(t => new ImportWarning("", authority is null
                ? $"HTTPS to {t.Key} went through {t.Value} CONNECT tunnel(s), which are passed on but not recorded; record it with --mitm (a local CA the client trusts) or in reverse mode (--target https://{t.Key})"
                : $"{t.Value} CONNECT tunnel(s) to {t.Key} carried no TLS (plain HTTP, as curl -p sends, or a browser's ws:// web socket): passed on but not recorded; for plain HTTP, let the client send it to the proxy without a tunnel")).ToList();
            if (recorded.Count == 0)
            {
                foreach (var tunnel in tunnels)
                    console.MarkupLineInterpolated($"[yellow]warning:[/] {tunnel}");
                console.MarkupLine(authority is null
                    ? "[red]error:[/] nothing was recorded: no plain HTTP request came through the proxy"
                    : "[red]error:[/] nothing was recorded: no HTTP request came through the proxy (for HTTPS, does the client trust the CA file?)");
                return ExitCodes.BadInput;
            }
            console.MarkupLineInterpolated($"recorded {recorded.Count} request(s)");
            var path = parse.GetValue(output)!; // required: the parser refuses a command without it
            return ImportCommand.Run(console, path, () => HarImport.Import(recorded, path, options with
            {
                Warnings = tunnels,
                SourceDescription = FormattableString.Invariant($"traffic recorded by 'barrage record' ({(upstream is null ? (authority is null ? "forward proxy" : "forward proxy, HTTPS decrypted by a local CA") : "reverse proxy to " + upstream)}) at {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC"),
            }));
        });
        return command;
    }

    // The --mitm CA: --ca-dir, else "ca" beside the run store (the user's data directory); null after saying why not.
    private static LocalCertificateAuthority? LoadAuthority(IAnsiConsole console, string? directory)
    {
        directory ??= Path.Combine(Path.GetDirectoryName(RunStoreLocation.Resolve(null))!, "ca");
        try
        {
            return LocalCertificateAuthority.LoadOrCreate(directory);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] --mitm: {e.Message}");
            return null;
        }
    }
}
