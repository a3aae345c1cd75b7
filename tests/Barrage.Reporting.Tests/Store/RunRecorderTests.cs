using Barrage.Engine;
using Barrage.Metrics.TimeSeries;
using Barrage.Reporting.Summaries;
using Barrage.Transport;
using Microsoft.Data.Sqlite;

namespace Barrage.Reporting.Store;

public sealed class RunRecorderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "barrage-recorder-" + Guid.NewGuid().ToString("N")[..12]);

    public RunRecorderTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static TimeSeriesCollector Recorded(int samples)
    {
        var collector = new TimeSeriesCollector(shards: 2);
        for (var i = 0; i < samples; i++)
        {
            collector.Record(new Sample
            {
                Tag = i % 2 == 0 ? "a" : "b", StartUnixMicros = 0, ScheduledUs = i * 1000L, StartUs = i * 1000L, TotalUs = 500 + i,
                Result = new TransportResult(0, 0, 500, 0, 1, 1, 0, 200),
            });
        }
        return collector;
    }

    private static RunStart Start => new("rec", "http://127.0.0.1:1/", "name: rec\n", DateTimeOffset.UnixEpoch, 1);

    private static RunSummary Summary(SeriesTotals totals) => new()
    {
        Name = "rec", Target = "t", StartedAt = DateTimeOffset.UnixEpoch, Duration = TimeSpan.FromSeconds(3), StopReason = StopReason.Completed,
        Requests = totals.Overall.Requests, Latency = LatencySummary.From(totals.Overall.ServiceTime), ResponseTime = LatencySummary.Empty,
    };

    [Fact]
    public async Task Complete_SealsEverySecond_IntoTheTotalsAndTheStore()
    {
        var path = Path.Combine(_dir, "runs.db");
        var observed = new List<(long, string?)>();
        var collector = Recorded(3000);

        await using (var recorder = RunRecorder.Start(path, Start, collector, () => 0, s => observed.Add((s.Second, s.Tag))))
        {
            var totals = await recorder.CompleteAsync();
            Assert.Equal(3000, totals.Overall.Requests);
            Assert.Equal(9, observed.Count);
            Assert.True(recorder.Finish(Summary(totals), 0, []));
            Assert.Null(recorder.Error);
            Assert.NotNull(recorder.RunId);
        }

        using var store = RunStore.Open(path);
        var run = Assert.Single(store.List());
        Assert.Equal(3000, run.Requests);
        Assert.Equal(3000, store.ReadTotals(run.Id).Overall.Requests);
    }

    [Fact]
    public async Task StoreThatCannotBeOpened_KeepsTheTotals_AndSaysWhy()
    {
        var notAFile = Directory.CreateDirectory(Path.Combine(_dir, "a-folder.db")).FullName;

        await using var recorder = RunRecorder.Start(notAFile, Start, Recorded(100), () => 0);
        var totals = await recorder.CompleteAsync();

        Assert.Equal(100, totals.Overall.Requests);
        Assert.False(recorder.Finish(Summary(totals), 0, []));
        Assert.Null(recorder.RunId);
        Assert.Contains(notAFile, recorder.Error, StringComparison.Ordinal);
    }
}
