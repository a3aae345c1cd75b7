using Barrage.Engine;
using Barrage.Formats.Phout;
using Barrage.Metrics;
using Barrage.Transport;

namespace Barrage.Cluster.Tests;

public sealed class PhoutMergeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("barrage-merge-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task WriteRunAsync(string name, long startUnixMicros, int count, int status)
    {
        Directory.CreateDirectory(Path.Combine(_dir, name));
        await using var writer = PhoutWriter.Create(Path.Combine(_dir, name, "phout.log"));
        for (var i = 0; i < count; i++)
        {
            writer.Record(new Sample
            {
                Tag = "t",
                StartUnixMicros = startUnixMicros + i * 10_000,
                ScheduledUs = i * 10_000,
                StartUs = i * 10_000,
                TotalUs = 1000 + i,
                Result = new TransportResult(10, 20, 900, 70, 100, 200, 0, status),
            });
        }
    }

    [Fact]
    public async Task TwoRunsSideBySide_AddUpExactly_SpanningFromTheFirstStartToTheLastEnd()
    {
        await WriteRunAsync("a", 1_700_000_000_000_000, 30, 200);
        await WriteRunAsync("b", 1_700_000_000_500_000, 20, 503);

        var files = PhoutMerge.Find([_dir]);
        var (total, outcome) = PhoutMerge.Read(files);

        Assert.Equal(2, files.Count);
        Assert.Equal((50L, 30L, 20L), (total.Requests, total.Successes, total.HttpErrors));
        Assert.Equal(50, total.ServiceTime.TotalCount);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), outcome.StartedAt);
        // Run b's last request starts 0.5 s + 19 × 10 ms after a's first and lasts 1.019 ms.
        Assert.Equal(TimeSpan.FromMicroseconds(500_000 + 190_000 + 1019), outcome.Elapsed);
    }

    [Fact]
    public async Task WebSocketOperations_AreCountedAsTheRunCountedThem_WsOkOrByNetCode_NotAsHttp101()
    {
        // What a run's web socket and HTTP requests return: connect, send and receive on an open session (proto 101), a
        // receive that timed out on it (net 110, proto 101), and HTTP 200 and 404.
        TransportResult[] results =
        [
            .. Enumerable.Repeat(new TransportResult(300, 0, 0, 0, 0, 0, 0, 101) { Kind = OutcomeKind.WebSocket }, 3),
            .. Enumerable.Repeat(new TransportResult(0, 5, 0, 0, 12, 0, 0, 101) { Kind = OutcomeKind.WebSocket }, 4),
            .. Enumerable.Repeat(new TransportResult(0, 0, 80, 2, 0, 12, 0, 101) { Kind = OutcomeKind.WebSocket }, 4),
            .. Enumerable.Repeat(new TransportResult(0, 0, 0, 0, 0, 0, 110, 101) { Kind = OutcomeKind.WebSocket }, 2),
            .. Enumerable.Repeat(new TransportResult(10, 20, 900, 70, 100, 200, 0, 200), 5),
            .. Enumerable.Repeat(new TransportResult(10, 20, 900, 70, 100, 200, 0, 404), 1),
        ];
        var run = new Aggregate();
        Directory.CreateDirectory(Path.Combine(_dir, "a"));
        await using (var writer = PhoutWriter.Create(Path.Combine(_dir, "a", "phout.log")))
        {
            for (var i = 0; i < results.Length; i++)
            {
                var sample = new Sample { Tag = "t", StartUnixMicros = 1_700_000_000_000_000 + i * 1000, ScheduledUs = 0, StartUs = 0, TotalUs = 1000, Result = results[i] };
                run.Add(sample);
                writer.Record(sample);
            }
        }

        var (merged, _) = PhoutMerge.Read(PhoutMerge.Find([_dir]));

        Assert.Equal((19L, 16L, 2L, 1L), (merged.Requests, merged.Successes, merged.NetErrors, merged.HttpErrors));
        Assert.Equal(run.StatusCounts.OrderBy(kv => kv.Key), merged.StatusCounts.OrderBy(kv => kv.Key));
        Assert.Equal(Outcomes.Table(run.StatusCounts, run.NetCodeCounts), Outcomes.Table(merged.StatusCounts, merged.NetCodeCounts));
        Assert.Equal(11, merged.StatusCounts.Single(kv => kv.Key == Outcomes.WebSocketOk).Value);
        Assert.DoesNotContain(merged.StatusCounts, kv => kv.Key == 101);
    }

    [Fact]
    public void APathWithoutPhout_IsAnErrorNamingIt()
    {
        var e = Assert.Throws<FileNotFoundException>(() => PhoutMerge.Find([_dir]));

        Assert.Contains(_dir, e.Message, StringComparison.Ordinal);
    }
}
