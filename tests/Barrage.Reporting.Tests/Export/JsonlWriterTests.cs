using System.Text.Json;
using Barrage.Engine;
using Barrage.Metrics.TimeSeries;
using Barrage.Transport;

namespace Barrage.Reporting.Export;

public sealed class JsonlWriterTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "barrage-jsonl-" + Guid.NewGuid().ToString("N")[..12]);

    public JsonlWriterTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Write_OneLinePerSecondPerTag_AndOneForAllTags()
    {
        var collector = new TimeSeriesCollector(shards: 1);
        for (var i = 0; i < 300; i++)
        {
            collector.Record(new Sample
            {
                Tag = i % 3 == 0 ? "a" : "b",
                StartUnixMicros = 0,
                ScheduledUs = i * 10_000L,
                StartUs = i * 10_000L,
                TotalUs = 500 + i,
                Result = new TransportResult(0, 1, 400, 100, 10, 20, 0, i % 3 == 0 ? 500 : 200),
            });
        }
        var path = Path.Combine(_dir, "metrics.jsonl");
        using (var writer = JsonlWriter.Create(path, new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)))
        {
            collector.Complete(writer.Write);
            Assert.Equal(9, writer.Lines);
            Assert.Null(writer.Error);
        }

        var lines = File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(9, lines.Count);
        Assert.Equal([0, 0, 0, 1, 1, 1, 2, 2, 2], lines.Select(l => l.GetProperty("second").GetInt64()));
        Assert.Equal(["a", "b", null], lines.Take(3).Select(l => l.GetProperty("tag").GetString()));
        Assert.Equal("2026-01-02T03:04:06Z", lines[3].GetProperty("time").GetString());
        var all = lines[2];
        Assert.Equal(100, all.GetProperty("requests").GetInt64());
        Assert.Equal(34, all.GetProperty("http_errors").GetInt64());
        Assert.Equal(34, all.GetProperty("status").GetProperty("500").GetInt64());
        Assert.Equal(599, all.GetProperty("service_us").GetProperty("max").GetInt64());
        Assert.False(all.GetProperty("late").GetBoolean());
        Assert.Equal(300, lines.Where(l => l.GetProperty("tag").ValueKind == JsonValueKind.Null).Sum(l => l.GetProperty("requests").GetInt64()));
    }
}
