using Barrage.Cli.Output;
using Barrage.Plans;
using Spectre.Console.Testing;

namespace Barrage.Cli.Tests.Output;

public sealed class ErrorPrinterTests
{
    [Fact]
    public void PlanErrors_WithoutColours_AreOneLineEach_HoweverLong()
    {
        // A plugin's full path made "plan.yaml:8:5: error: plugins[0]: plugin not found:" a line of its own in CI logs.
        var console = new TestConsole().Width(40);
        console.Profile.Capabilities.Ansi = false; // as when the output is redirected
        var path = "/a/long/folder/that/goes/on/and/on/bin/Release/net10.0/Plugin.dll";

        ErrorPrinter.Print(console, [new PlanError(new SourcePosition("plan.yaml", 8, 5), $"plugins[0]: plugin not found: {path}")]);

        Assert.Equal(
            [$"plan.yaml:8:5: error: plugins[0]: plugin not found: {path}", "1 error"],
            console.Output.TrimEnd('\n').Split('\n'));
    }
}
