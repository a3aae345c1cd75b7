using Barrage.Cli.Commands;
using Spectre.Console.Testing;

namespace Barrage.Cli.Tests.Commands;

public sealed class PlanShowCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "barrage-planshow-" + Guid.NewGuid().ToString("N")[..12]);

    public PlanShowCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(11_000, 1_000)]
    [InlineData(12_000, 1_000)]
    [InlineData(13_000, 2_000)]
    [InlineData(1_500, 200)]
    [InlineData(50_000, 5_000)]
    [InlineData(127_000, 15_000)]
    [InlineData(600_000, 60_000)]
    [InlineData(36_000_000, 3_600_000)]
    [InlineData(108_000_000, 10_800_000)]
    public void Step_IsTheLeastRoundStepThatFitsTheChart(long lengthMs, long expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), PlanShowCommand.Step(TimeSpan.FromMilliseconds(lengthMs)));
    }

    [Fact]
    public async Task Chart_RowsFallOnRoundTimes_AndTheLastIsTheEnd()
    {
        var plan = Path.Combine(_dir, "p.yaml");
        File.WriteAllText(plan, "target: builtin\nload: { model: open, schedule: \"line(100, 2000, 4s) const(2000, 3s) step(2000, 500, 500, 1s)\" }\nscenario: { main: [ { get: / } ] }\n");
        var console = new TestConsole().Width(120);

        var code = await CliApp.RunAsync(["plan-show", plan], console, CancellationToken.None);

        Assert.Equal(0, code);
        var times = console.Output.Split('\n')
            .Select(line => line.Trim().Split(' ', 2)[0])
            .SkipWhile(word => word != "time").Skip(1)
            .Where(word => word.Length > 0)
            .ToList();
        Assert.Equal(["0s", "1s", "2s", "3s", "4s", "5s", "6s", "7s", "8s", "9s", "10s", "11s"], times);
        Assert.Contains("      1s         575  ", console.Output, StringComparison.Ordinal);
    }
}
