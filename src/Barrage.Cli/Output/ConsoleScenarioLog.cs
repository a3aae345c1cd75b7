using Barrage.Scenarios;
using Spectre.Console;

namespace Barrage.Cli.Output;

/// <summary>Prints a scenario's log lines and debug output on the console, one entry at a time (users write from many threads).</summary>
internal sealed class ConsoleScenarioLog(IAnsiConsole console) : IScenarioLog
{
    private readonly Lock _gate = new();

    public void Write(string text)
    {
        lock (_gate)
            console.Write(new Text(text + "\n", new Style(Color.Grey)));
    }
}
