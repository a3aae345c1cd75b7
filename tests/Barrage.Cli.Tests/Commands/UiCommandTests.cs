using Spectre.Console.Testing;

namespace Barrage.Cli.Commands;

/// <summary><c>barrage ui</c> and <c>run --ui</c>: mistakes in their options are reported in words, not traces.</summary>
public sealed class UiCommandTests
{
    private static async Task<(int Code, string Output)> Run(CancellationToken cancel, params string[] args)
    {
        var console = new TestConsole().Width(200);
        var code = await CliApp.RunAsync(args, console, cancel);
        return (code, console.Output);
    }

    [Theory]
    [InlineData("8089")]
    [InlineData("example.com:80")]
    public async Task Ui_ListenThatIsNotHostAndPort_IsABadInput(string listen)
    {
        var (code, output) = await Run(CancellationToken.None, "ui", "--listen", listen, "--store", Path.Combine(Path.GetTempPath(), "never.db"));
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("--listen", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ui_PlansFolderMissing_IsABadInput()
    {
        var (code, output) = await Run(CancellationToken.None, "ui", "--plans", "/nonexistent/plans", "--listen", "127.0.0.1:0");
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("is not a folder", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ui_ServesUntilInterrupted_PrintingItsAddress()
    {
        using var interrupt = new CancellationTokenSource();
        var console = new TestConsole().Width(200);
        var folder = Path.Combine(Path.GetTempPath(), "barrage-ui-" + Guid.NewGuid().ToString("N")[..8]);
        var ui = CliApp.RunAsync(["ui", "--listen", "127.0.0.1:0", "--store", Path.Combine(folder, "runs.db")], console, interrupt.Token);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!console.Output.Contains("dashboard on http://127.0.0.1:", StringComparison.Ordinal))
        {
            Assert.False(ui.IsCompleted, console.Output);
            await Task.Delay(50, timeout.Token);
        }
        var url = System.Text.RegularExpressions.Regex.Match(console.Output, @"http://127\.0\.0\.1:\d+/").Value;
        using var http = new HttpClient();
        Assert.Equal("[]", await http.GetStringAsync(new Uri(new Uri(url), "api/runs"), timeout.Token));
        await interrupt.CancelAsync();
        Assert.Equal(ExitCodes.Ok, await ui);
        Directory.Delete(folder, recursive: true);
    }
}
