using System.CommandLine;
using Barrage.Cluster;
using Spectre.Console;

namespace Barrage.Cli.Commands;

/// <summary><c>barrage agent</c>: joins a NATS server and runs the shares of tests coordinators offer, until Ctrl-C.</summary>
internal static class AgentCommand
{
    public static Command Create(IAnsiConsole console, CancellationToken interrupt)
    {
        var nats = new Option<string>("--nats")
        {
            Description = "The NATS server, e.g. nats://10.0.0.5:4222 (user:password@ and tls:// URLs are passed through).",
            Required = true,
        };
        var name = new Option<string?>("--name") { Description = "This agent's name in the coordinator's breakdown (default: host-pid)." };
        var token = new Option<string?>("--token") { Description = "A shared secret: only a coordinator with the same token can use this agent." };
        var outDir = new Option<string?>("--out", "-o") { Description = "Write each run's phout.log under this directory (RUNID-NAME/phout.log); barrage merge combines them." };
        var command = new Command("agent", "Wait for work from a coordinator (barrage run PLAN --nats URL --agents N) and run its share of the load.")
        {
            nats, name, token, outDir,
        };
        command.SetAction(async (parse, _) =>
        {
            var agentName = parse.GetValue(name) ?? $"{Environment.MachineName}-{Environment.ProcessId}";
            var agent = new ClusterAgent(new AgentOptions(parse.GetRequiredValue(nats), agentName, parse.GetValue(token), parse.GetValue(outDir)),
                line => console.MarkupLineInterpolated($"[grey]{DateTime.Now:HH:mm:ss}[/] {line}"));
            var error = await agent.RunAsync(interrupt);
            if (error is not null)
            {
                console.MarkupLineInterpolated($"[red]error:[/] {error}");
                return ExitCodes.ClusterFailed;
            }
            console.MarkupLine("agent stopped");
            return ExitCodes.Ok;
        });
        return command;
    }
}
