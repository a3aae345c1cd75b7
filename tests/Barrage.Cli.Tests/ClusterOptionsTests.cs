using System.CommandLine;
using Barrage.Cli.Commands;
using Barrage.Plans;
using Spectre.Console.Testing;

namespace Barrage.Cli.Tests;

/// <summary><c>barrage agent</c> and <c>run --nats</c>: what a person gets for a mistake, without a NATS server.</summary>
public sealed class ClusterOptionsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("barrage-cli-cluster-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, string Output)> Run(params string[] args)
    {
        var console = new TestConsole().Width(200);
        var code = await CliApp.RunAsync(args, console, CancellationToken.None);
        return (code, console.Output);
    }

    private string Plan()
    {
        var path = Path.Combine(_dir, "plan.yaml");
        File.WriteAllText(path, "target: builtin\nload: { users: 1, iterations: 1 }\nscenario: { main: [ { get: / } ] }\n");
        return path;
    }

    [Theory]
    [InlineData("--nats", "nats://127.0.0.1:4222", "--nats needs --agents N")]
    [InlineData("--agents", "3", "--agents, --agent-timeout, --on-agent-loss and --collect-phout need --nats URL")]
    [InlineData("--nats", "nats://127.0.0.1:4222", "--agents", "0", "--nats needs --agents N (at least 1)")]
    [InlineData("--nats", "nats://127.0.0.1:4222", "--agents", "2", "--on-agent-loss", "maybe", "--on-agent-loss must be continue or abort, got 'maybe'")]
    [InlineData("--nats", "nats://127.0.0.1:4222", "--agents", "2", "--agent-timeout", "soon", "--agent-timeout:")]
    public async Task BadClusterOptions_Exit2_WithTheReason(params string[] args)
    {
        var (code, output) = await Run(["run", Plan(), .. args[..^1]]);

        Assert.Equal(2, code);
        Assert.Contains(args[^1], output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithNoNatsServerThere_Exits5_SayingSo()
    {
        var (code, output) = await Run("run", Plan(), "--nats", "nats://127.0.0.1:1", "--agents", "1", "--store", Path.Combine(_dir, "runs.db"));

        Assert.Equal(5, code);
        Assert.Contains("cannot reach NATS at nats://127.0.0.1:1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agent_WithNoNatsServerThere_Exits5_SayingSo()
    {
        var (code, output) = await Run("agent", "--nats", "nats://127.0.0.1:1");

        Assert.Equal(5, code);
        Assert.Contains("cannot reach NATS at nats://127.0.0.1:1", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AgentLossAction.Continue, null, false)]
    [InlineData(AgentLossAction.Abort, null, true)]
    [InlineData(AgentLossAction.Abort, "continue", false)]
    [InlineData(AgentLossAction.Continue, "abort", true)]
    public void OnAgentLoss_ThePlanDecides_UnlessTheFlagSaysOtherwise(AgentLossAction inPlan, string? flag, bool abort)
    {
        var arguments = new ClusterArguments();
        var command = new Command("run");
        arguments.AddTo(command);
        var plan = PlanLoader.Parse($"on_agent_loss: {inPlan.ToString().ToLowerInvariant()}\n" + "target: builtin\nload: { users: 1, iterations: 1 }\nscenario: { main: [ { get: / } ] }\n", "p.yaml");
        var errors = new List<PlanError>();

        var launch = arguments.Launch(command.Parse(["--nats", "nats://127.0.0.1:4222", "--agents", "2", .. flag is null ? Array.Empty<string>() : ["--on-agent-loss", flag]]),
            plan, new PlanOverrides(), errors);

        Assert.Empty(errors);
        Assert.Equal(abort, launch!.Options.AbortOnAgentLoss);
    }

    [Fact]
    public async Task APlanWithABadOnAgentLoss_Exits2_NamingTheChoices()
    {
        var path = Path.Combine(_dir, "loss.yaml");
        File.WriteAllText(path, "on_agent_loss: sometimes\ntarget: builtin\nload: { users: 1, iterations: 1 }\nscenario: { main: [ { get: / } ] }\n");

        var (code, output) = await Run("run", path, "--nats", "nats://127.0.0.1:1", "--agents", "1");

        Assert.Equal(2, code);
        Assert.Contains("on_agent_loss: unknown value 'sometimes'; expected one of: continue, abort", output, StringComparison.Ordinal);
    }
}
