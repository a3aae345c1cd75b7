using Spectre.Console.Testing;

namespace Barrage.Cli.Tests;

/// <summary>The command line as a person sees it, rendered into a test console.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "barrage-cli-" + Guid.NewGuid().ToString("N")[..12]);

    public CliTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Code, string Output)> Run(params string[] args)
    {
        var console = new TestConsole().Width(200);
        var code = await CliApp.RunAsync(args, console, CancellationToken.None);
        return (code, console.Output);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task Help_ListsTheCommands()
    {
        var (code, output) = await Run("--help");

        Assert.Equal(0, code);
        Assert.Contains("run", output, StringComparison.Ordinal);
        Assert.Contains("validate", output, StringComparison.Ordinal);
        Assert.Contains("target", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("validate")]
    [InlineData("target")]
    public async Task Help_OnEveryCommand(string command)
    {
        var (code, output) = await Run(command, "--help");

        Assert.Equal(0, code);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Commands_NamedFirst_IsTheOnlyOneBuilt()
    {
        var console = new TestConsole();
        var all = CliApp.Commands([], console, CancellationToken.None);

        Assert.Equal(15, all.Count);
        foreach (var command in all)
        {
            var alone = CliApp.Commands([command.Name, "--help"], console, CancellationToken.None);
            Assert.Equal(command.Name, Assert.Single(alone).Name);
        }
        Assert.Equal(15, CliApp.Commands(["--version"], console, CancellationToken.None).Count);
        Assert.Equal(15, CliApp.Commands(["hti"], console, CancellationToken.None).Count);
    }

    [Fact]
    public async Task MistypedCommand_IsBadInputAndSuggestsTheCommand()
    {
        var (code, output) = await Run("hti", "http://127.0.0.1:1/");

        Assert.Equal(2, code);
        Assert.Contains("'hti': did you mean hit?", output, StringComparison.Ordinal);
        Assert.DoesNotContain("'http://127.0.0.1:1/': did you mean", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MistypedOption_IsBadInputAndSuggestsTheOption()
    {
        var (code, output) = await Run("hit", "http://127.0.0.1:1/", "--rtae", "10", "--duraton", "1s", "--zzzzzz");

        Assert.Equal(2, code);
        Assert.Contains("'--rtae': did you mean --rate?", output, StringComparison.Ordinal);
        Assert.Contains("'--duraton': did you mean --duration?", output, StringComparison.Ordinal);
        Assert.DoesNotContain("'--zzzzzz': did you mean", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_IsBadInput()
    {
        var (code, output) = await Run("run", "plan.yaml", "--no-such-option");

        Assert.Equal(2, code);
        Assert.Contains("--no-such-option", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_GoodPlan_SaysOkAndExits0()
    {
        var plan = Write("good.yaml", """
            name: shop
            target: http://127.0.0.1:8080
            load:
              users: 5
              duration: 30s
            scenario:
              main:
                - get: /
            """);

        var (code, output) = await Run("validate", plan);

        Assert.Equal(0, code);
        Assert.Contains("ok:", output, StringComparison.Ordinal);
        Assert.Contains("'shop'", output, StringComparison.Ordinal);
        Assert.Contains("5 users", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_BrokenPlan_NamesEveryMistakeWithLineAndColumn()
    {
        var plan = Write("broken.yaml", """
            name: shop
            target: not a url
            load:
              users: -3
              duraton: 10s
            scenario:
              main:
                - get: /
            """);

        var (code, output) = await Run("validate", plan);

        Assert.Equal(2, code);
        Assert.Contains($"{plan}:2:9", output, StringComparison.Ordinal);
        Assert.Contains($"{plan}:4:10", output, StringComparison.Ordinal);
        Assert.Contains($"{plan}:5:3", output, StringComparison.Ordinal);
        Assert.Contains("duration", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("run")]
    public async Task UnknownAutostopCriterion_OneErrorAtItsLineAndColumn_ListingTheCriteriaOnce(string command)
    {
        var plan = Write("autostop.yaml", """
            name: shop
            target: http://127.0.0.1:9/
            load: { users: 1, iterations: 1 }
            scenario: { main: [ { get: / } ] }
            autostop: ["limit(5m)", "foo(1s)"]
            """);

        var (code, output) = await Run(command, plan);

        Assert.Equal(2, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
            [$"{plan}:5:26: error: autostop[1]: unknown autostop criterion 'foo'; expected one of: time, http, net, quantile, limit", "1 error"],
            lines);
    }

    [Fact]
    public async Task MisspeltAutostopCriterion_OnTheCommandLine_SuggestsTheCloseOneOnly()
    {
        var (code, output) = await Run("hit", "http://127.0.0.1:9/", "--autostop", "tiem(1s, 5s)");

        Assert.Equal(2, code);
        Assert.Contains("--autostop, column 1: unknown autostop criterion 'tiem'; did you mean 'time'?", output, StringComparison.Ordinal);
        Assert.DoesNotContain("expected one of", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_MissingFile_IsBadInput()
    {
        var (code, output) = await Run("validate", Path.Combine(_dir, "nope.yaml"));

        Assert.Equal(2, code);
        Assert.Contains("nope.yaml", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BadDurationOption_IsBadInput()
    {
        var plan = Write("p.yaml", "name: p\ntarget: builtin\nload: { users: 1, iterations: 1 }\nscenario: { main: [ { get: / } ] }\n");

        var (code, output) = await Run("run", plan, "--duration", "soon");

        Assert.Equal(2, code);
        Assert.Contains("--duration", output, StringComparison.Ordinal);
    }


    [Theory]
    [InlineData("hit http://127.0.0.1:9/ --rate abc", "--rate: expected a number, got 'abc'")]
    [InlineData("hit http://127.0.0.1:9/ -c ten", "--connections: expected a whole number, got 'ten'")]
    [InlineData("hit http://127.0.0.1:9/ -n 1e3", "--requests: expected a whole number, got '1e3'")]
    [InlineData("run p.yaml --users 2.5", "--users: expected a whole number, got '2.5'")]
    [InlineData("history --limit x", "--limit: expected a whole number, got 'x'")]
    public async Task NumericOption_NotANumber_NamesTheOptionAndValue(string line, string expected)
    {
        var (code, output) = await Run(line.Split(' '));

        Assert.Equal(2, code);
        Assert.Contains(expected, output, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NumericOption_FractionalRate_IsAccepted()
    {
        // Nothing listens on the discard port: the run gets as far as connecting, past the option's parsing.
        var (code, output) = await Run("hit", "http://127.0.0.1:9/", "--rate", "2.5", "-d", "1s", "--store", Path.Combine(_dir, "runs.db"));

        Assert.Equal(3, code);
        Assert.Contains("cannot be reached", output, StringComparison.Ordinal);
    }
    [Fact]
    public async Task Run_AgainstBuiltin_RendersProgressAndSummary()
    {
        var plan = Write("p.yaml", "name: tiny\ntarget: builtin\nload: { users: 2, iterations: 10 }\nscenario: { main: [ { get: / }, { get: /status/503 } ] }\n");

        var (code, output) = await Run("run", plan);

        Assert.Equal(0, code);
        Assert.Contains("Summary: tiny", output, StringComparison.Ordinal);
        Assert.Contains("40", output, StringComparison.Ordinal);
        Assert.Contains("5xx", output, StringComparison.Ordinal);
        Assert.Contains("p99", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("load: { model: open, schedule: \"const(20, 1500ms)\" }", "arrivals")]
    [InlineData("load: { users: 2, duration: 1500ms }", "users")]
    public async Task Run_OnATerminal_TheLivePanelNamesEachRowOnce(string load, string row)
    {
        var plan = Write("p.yaml", $"name: live\ntarget: builtin\n{load}\nscenario: {{ main: [ {{ get: / }} ] }}\n");
        var console = new TestConsole().Width(160).Interactive();
        console.EmitAnsiSequences = true;

        var code = await CliApp.RunAsync(["run", plan, "--store", Path.Combine(_dir, "runs.db")], console, CancellationToken.None);

        Assert.Equal(0, code);
        var text = System.Text.RegularExpressions.Regex.Replace(console.Output, "\u001b\\[[0-9;?]*[A-Za-z]", "");
        Assert.Contains("│ " + row + " ", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(row + " +" + row, text);
        Assert.Contains("in flight", text, StringComparison.Ordinal);
    }
}
