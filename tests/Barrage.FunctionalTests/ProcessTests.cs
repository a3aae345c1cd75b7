using System.Diagnostics;
using System.Text.Json;

namespace Barrage.FunctionalTests;

/// <summary>The real <c>barrage</c> process: signals and exit codes as a shell sees them.</summary>
public sealed class ProcessTests : TargetTest
{
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Signal_MidRun_StopsGracefully_WritesEverything_Exits130(string signal)
    {
        var outDir = Path.Combine(Dir.Path, "out-" + signal);
        using var barrage = CliProcess.Start("hit", new Uri(Server.BaseAddress, "/bytes/100").ToString(), "-c", "4", "-d", "60s", "--out", outDir);
        var output = barrage.StandardOutput.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Server.Stats.Requests < 500 && DateTime.UtcNow < deadline && !barrage.HasExited)
            await Task.Delay(20);

        using (var kill = Process.Start("kill", [$"-{signal}", barrage.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await barrage.WaitForExitAsync(timeout.Token);

        var text = await output;
        Assert.True(barrage.ExitCode == 130, $"exit {barrage.ExitCode}\n{text}\n{await barrage.StandardError.ReadToEndAsync()}");
        Assert.Contains("Summary: hit", text, StringComparison.Ordinal);
        var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json"))).RootElement;
        Assert.Equal("interrupted", summary.GetProperty("stop_reason").GetString());
        var requests = summary.GetProperty("requests").GetInt64();
        Assert.Equal(Server.Stats.Requests, requests);
        Assert.Equal(requests, File.ReadLines(Path.Combine(outDir, "phout.log")).LongCount());
    }

    [Fact]
    public async Task BadPlan_Exit2_NoStackTrace()
    {
        var plan = Dir.File("bad.yaml", "target: builtin\nload: { users: zero }\nscenario: { main: [ { get: / } ] }\n");
        using var barrage = CliProcess.Start("run", plan);
        var text = await barrage.StandardOutput.ReadToEndAsync() + await barrage.StandardError.ReadToEndAsync();
        await barrage.WaitForExitAsync();

        Assert.Equal(2, barrage.ExitCode);
        Assert.Contains("bad.yaml:2:16", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }
}
