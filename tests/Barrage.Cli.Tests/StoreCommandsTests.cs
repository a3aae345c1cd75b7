using Barrage.Engine;
using Barrage.Metrics;
using Barrage.Metrics.TimeSeries;
using Barrage.Reporting.Store;
using Barrage.Reporting.Summaries;
using Barrage.Transport;
using Microsoft.Data.Sqlite;
using Spectre.Console.Testing;

namespace Barrage.Cli.Tests;

/// <summary><c>history</c>, <c>show</c> and <c>compare</c> on a store seeded with runs.</summary>
public sealed class StoreCommandsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "barrage-cli-store-" + Guid.NewGuid().ToString("N")[..12]);

    public StoreCommandsTests() => Directory.CreateDirectory(_dir);

    private string Store => Path.Combine(_dir, "runs.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static async Task<(int Code, string Output)> Run(params string[] args)
    {
        var console = new TestConsole().Width(200);
        var code = await CliApp.RunAsync(args, console, CancellationToken.None);
        return (code, console.Output);
    }

    /// <summary>Records a 4-second run: 2 000 requests, half tagged "login", latencies around <paramref name="latencyUs"/>.</summary>
    private long Seed(string name, long latencyUs, int errorEvery = 0, int hour = 0)
    {
        using var store = RunStore.Open(Store);
        var collector = new TimeSeriesCollector(shards: 1);
        var total = new Aggregate();
        for (var i = 0; i < 2000; i++)
        {
            var failed = errorEvery > 0 && i % errorEvery == 0;
            var sample = new Sample
            {
                Tag = i % 2 == 0 ? "login" : "items",
                StartUnixMicros = 0,
                ScheduledUs = i * 2000L,
                StartUs = i * 2000L,
                TotalUs = latencyUs + i % 100,
                Result = new TransportResult(0, 1, latencyUs, 1, 50, 500, 0, failed ? 500 : 200),
            };
            collector.Record(sample);
            total.Add(sample);
        }
        var started = new DateTimeOffset(2026, 11, 1, hour, 0, 0, TimeSpan.Zero);
        var id = store.BeginRun(new RunStart(name, "http://127.0.0.1:9/", $"name: {name}\n", started, 2));
        collector.Complete(slice => store.AddSeries(id, [slice]));
        var summary = RunSummary.From(name, "http://127.0.0.1:9/", 2, new RunOutcome(StopReason.Completed, started, TimeSpan.FromSeconds(4)), total);
        store.FinishRun(id, summary, 0, []);
        return id;
    }

    [Fact]
    public async Task Compare_SlowerRun_IsARegression_Exit1()
    {
        var fast = Seed("shop", 10_000);
        var slow = Seed("shop", 13_000, hour: 1);

        var (code, output) = await Run("compare", fast.ToString(), slow.ToString(), "--store", Store);

        Assert.True(code == 1, output);
        Assert.Contains("REGRESSION", output, StringComparison.Ordinal);
        Assert.Contains("login", output, StringComparison.Ordinal);
        Assert.Contains("+29.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_WithinTolerance_Exit0()
    {
        var a = Seed("shop", 10_000);
        var b = Seed("shop", 10_300, hour: 1);

        var (code, output) = await Run("compare", a.ToString(), "last", "--store", Store, "--tolerance", "5%");

        Assert.True(code == 0, output);
        Assert.DoesNotContain("REGRESSION", output, StringComparison.Ordinal);
        Assert.Contains("no regression", output, StringComparison.Ordinal);
        Assert.Contains($"B #{b}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_SameLatencyMoreErrors_IsARegression_AndTheToleranceMatters()
    {
        var a = Seed("shop", 10_000);
        var b = Seed("shop", 10_000, errorEvery: 100, hour: 1);

        var (strict, _) = await Run("compare", a.ToString(), b.ToString(), "--store", Store);
        var (loose, output) = await Run("compare", a.ToString(), b.ToString(), "--store", Store, "--tolerance", "300%");

        Assert.Equal(1, strict);
        Assert.True(loose == 0, output);
    }

    [Fact]
    public async Task Compare_RunsOfDifferentPlans_SaysSoFirst_NamingEachPlanAndHash()
    {
        var a = Seed("shop", 10_000);
        var b = Seed("cart", 10_000, hour: 1);
        string hashA, hashB;
        using (var store = RunStore.Open(Store))
            (hashA, hashB) = (store.Get(a)!.PlanHash, store.Get(b)!.PlanHash);

        var (code, output) = await Run("compare", a.ToString(), b.ToString(), "--store", Store);

        Assert.True(code == 0, output);
        Assert.Equal(
            $"warning: #{a} and #{b} ran different plans ('shop', plan {hashA[..12]}; 'cart', plan {hashB[..12]}): the figures compare different loads",
            output.Split('\n')[0].TrimEnd());
    }

    [Fact]
    public async Task Compare_RunsOfOnePlan_HaveNoPlanWarning()
    {
        var a = Seed("shop", 10_000);
        Seed("shop", 12_000, hour: 1);

        var (_, output) = await Run("compare", a.ToString(), "last", "--store", Store);

        Assert.Contains("REGRESSION", output, StringComparison.Ordinal);
        Assert.DoesNotContain("different plans", output, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Compare_BadToleranceOrUnknownRun_IsBadInput()
    {
        var a = Seed("shop", 10_000);

        Assert.Equal(2, (await Run("compare", a.ToString(), "last", "--store", Store, "--tolerance", "lots")).Code);
        var (code, output) = await Run("compare", a.ToString(), "77", "--store", Store);
        Assert.Equal(2, code);
        Assert.Contains("no run #77", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_NewestFirst_WithNameAndLimit()
    {
        var first = Seed("alpha", 10_000, hour: 1);
        var second = Seed("beta", 20_000, hour: 2);
        var third = Seed("alpha", 30_000, hour: 3);

        var (code, all) = await Run("history", "--store", Store);
        var (_, alpha) = await Run("history", "--store", Store, "--name", "alpha");
        var (_, one) = await Run("history", "--store", Store, "--limit", "1");

        Assert.Equal(0, code);
        Assert.True(all.IndexOf("beta", StringComparison.Ordinal) < all.LastIndexOf("alpha", StringComparison.Ordinal));
        Assert.Contains("│ 500 │", all, StringComparison.Ordinal);     // rps: 2 000 requests in 4 s
        Assert.Matches(@"30\.1\d ms", all);  // p99 of the third run, about 30.1 ms
        Assert.DoesNotContain("beta", alpha, StringComparison.Ordinal);
        Assert.Contains("alpha", one, StringComparison.Ordinal);
        Assert.DoesNotContain("beta", one, StringComparison.Ordinal);
        Assert.True(first < second && second < third);
    }

    [Fact]
    public async Task History_WithoutAStore_SaysSo()
    {
        var (code, output) = await Run("history", "--store", Path.Combine(_dir, "none.db"));

        Assert.Equal(0, code);
        Assert.Contains("no runs recorded yet", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_PrintsTheStoredSummary()
    {
        var id = Seed("shop", 10_000, errorEvery: 4);

        var (code, output) = await Run("show", id.ToString(), "--store", Store);

        Assert.True(code == 0, output);
        Assert.Contains($"run #{id}", output, StringComparison.Ordinal);
        Assert.Contains("Summary: shop", output, StringComparison.Ordinal);
        Assert.Contains("2,000", output, StringComparison.Ordinal);
        Assert.Contains("500", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_UnknownRunOrBadId_IsBadInput()
    {
        Seed("shop", 10_000);

        Assert.Equal(2, (await Run("show", "42", "--store", Store)).Code);
        var (code, output) = await Run("show", "yesterday", "--store", Store);
        Assert.Equal(2, code);
        Assert.Contains("expected a run id", output, StringComparison.Ordinal);
    }
}
