using Barrage.Engine;
using Barrage.Formats.Phout;
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
    public void APathWithoutPhout_IsAnErrorNamingIt()
    {
        var e = Assert.Throws<FileNotFoundException>(() => PhoutMerge.Find([_dir]));

        Assert.Contains(_dir, e.Message, StringComparison.Ordinal);
    }
}
