using Barrage.Cli.Output;
using Barrage.Engine;
using Barrage.Reporting.Summaries;
using Barrage.Reporting.Thresholds;
using Barrage.Tests.Shared;
using Barrage.Thresholds;
using Spectre.Console.Testing;

namespace Barrage.FunctionalTests.Reports;

/// <summary>The end-of-run text summary, from a fixed summary, against a committed snapshot (BARRAGE_UPDATE_SNAPSHOTS=1 rewrites it).</summary>
public sealed class SummarySnapshotTests
{
    [Fact]
    public void TextSummary_MatchesSnapshot()
    {
        var summary = new RunSummary
        {
            Name = "checkout",
            Target = "http://127.0.0.1:8080/",
            Users = 20,
            StartedAt = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero),
            Duration = TimeSpan.FromSeconds(30),
            StopReason = StopReason.Completed,
            Requests = 15_030,
            Successes = 15_000,
            HttpErrors = 25,
            NetErrors = 5,
            Latency = new LatencySummary(90, 1990.1, 1200, 4800, 9900, 12100, 40000, 61000),
            ResponseTime = new LatencySummary(95, 2100, 1250, 5000, 10000, 13000, 41000, 62000),
            BytesIn = 1_800_000,
            BytesOut = 600_000,
            StatusCodes = new Dictionary<int, long> { [200] = 15_000, [503] = 25 },
            NetCodes = new Dictionary<int, long> { [0] = 15_025, [110] = 5 },
            Thresholds =
            [
                new ThresholdOutcome("p99 < 300ms", 12.1, ThresholdUnit.Milliseconds, true),
                new ThresholdOutcome("errors < 0.1%", 0.2, ThresholdUnit.Percent, false),
            ],
        };
        var console = new TestConsole().Width(100);

        SummaryRenderer.Render(console, summary);

        Snapshot.Check("summary.txt", console.Output);
    }
}
