using System.CommandLine;
using Barrage.Target;
using Spectre.Console;

namespace Barrage.Cli.Commands;

/// <summary><c>barrage target</c>: runs the built-in target server until Ctrl-C.</summary>
internal static class TargetCommand
{
    public static Command Create(IAnsiConsole console, CancellationToken interrupt)
    {
        var listen = new Option<string>("--listen", "-l")
        {
            Description = "Address and port to listen on, e.g. 127.0.0.1:8080 or [::1]:8080.",
            DefaultValueFactory = _ => "127.0.0.1:8080",
        };
        var h2Listen = new Option<string?>("--h2-listen")
        {
            Description = "Also serve HTTP/2 without TLS (h2c, prior knowledge) here, e.g. 127.0.0.1:8082 (a port of its own: cleartext ports serve one protocol).",
        };
        var tlsListen = new Option<string?>("--tls-listen")
        {
            Description = "Also serve https (HTTP/1.1 and HTTP/2 by ALPN) here with a self-signed certificate, e.g. 127.0.0.1:8443.",
        };
        var command = new Command("target", "Run Barrage's built-in target server (for demos and tests) until Ctrl-C.")
        {
            listen, h2Listen, tlsListen,
        };
        command.SetAction(async (parse, _) =>
        {
            TargetServer server;
            try
            {
                server = await TargetServer.StartAsync(new TargetServerOptions
                {
                    Listen = parse.GetRequiredValue(listen),
                    Http2Listen = parse.GetValue(h2Listen),
                    TlsListen = parse.GetValue(tlsListen),
                }, interrupt);
            }
            catch (Exception e) when (e is IOException or ArgumentException or FormatException or InvalidOperationException)
            {
                console.MarkupLineInterpolated($"[red]error:[/] cannot listen on {parse.GetValue(listen)}: {e.Message}");
                return ExitCodes.BadInput;
            }
            await using (server)
            {
                console.MarkupLineInterpolated($"Barrage target listening on [bold]{server.BaseAddress}[/] (Ctrl-C to stop)");
                if (server.Http2Address is { } h2)
                    console.MarkupLineInterpolated($"  HTTP/2 (h2c) on [bold]{h2}[/]");
                if (server.TlsAddress is { } tls)
                    console.MarkupLineInterpolated($"  https (self-signed, h1 and h2) on [bold]{tls}[/]");
                try
                {
                    await Task.Delay(Timeout.Infinite, interrupt);
                }
                catch (OperationCanceledException)
                {
                }
                await server.StopAsync(CancellationToken.None);
            }
            console.MarkupLine("target stopped");
            return ExitCodes.Ok;
        });
        return command;
    }
}
