using Barrage.Reporting.Export;
using Barrage.Reporting.Store;
using Microsoft.Data.Sqlite;

namespace Barrage.Reporting.Reports;

public sealed class ReportBuilderTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "barrage-report-" + Guid.NewGuid().ToString("N")[..12]);

    public ReportBuilderTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void FromStore_AddsUpTheStoredSeries_PerSecondPerTagAndOverall()
    {
        using var store = RunStore.Open(Path.Combine(_dir, "runs.db"));
        var (id, reference, _) = RunStoreTests.WriteRun(store, "checkout", 2000, DateTimeOffset.UnixEpoch.AddDays(20000));
        store.AddGauges(id, [new GaugeSample(0, new RunGauges(4, 3, 1000)), new GaugeSample(2, new RunGauges(4, 2, null))]);

        var report = ReportBuilder.FromStore(store, id)!;

        Assert.Equal(reference.Requests, report.Total.Requests);
        Assert.Equal(reference.HttpErrors, report.Total.HttpErrors);
        Assert.Equal(reference.ServiceTime.GetValueAtPercentile(99), report.Total.Service.P99);
        Assert.Equal(["items", "login"], report.Tags.Select(t => t.Tag));
        Assert.Equal(reference.Requests, report.Tags.Sum(t => t.Requests));
        // 5 000 samples, one per ms: seconds 0..4, each with two tags and the row of all tags, in that order.
        Assert.Equal(15, report.Seconds.Count);
        Assert.Equal([0, 1, 2, 3, 4], report.Seconds.Where(s => s.Tag is null).Select(s => s.Second));
        Assert.All(report.Seconds.Where(s => s.Tag is null), s => Assert.Equal(1000, s.Requests));
        Assert.Equal(["items", "login", null], report.Seconds.Take(3).Select(s => s.Tag));
        var first = report.Seconds.First(s => s.Tag is null);
        Assert.Equal((4, 3, 1000.0), (first.Users, first.InFlight, first.PlannedRps));
        Assert.Null(report.Seconds.First(s => s is { Tag: null, Second: 1 }).Users);
        Assert.Null(report.Seconds.First(s => s.Tag == "login").Users);
        Assert.Equal(["connect", "send", "latency", "receive"], report.Phases.Select(p => p.Phase));
        Assert.Equal(reference.Requests, report.Distribution.Sum(b => b.Count));
        Assert.Single(report.Thresholds);
        Assert.True(report.Thresholds[0].Passed);
        Assert.Equal(5000 / 5.0, report.Total.Rps);
    }

    [Fact]
    public void FromStore_LateRowsOfASecond_AreAddedToThatSecond()
    {
        using var store = RunStore.Open(Path.Combine(_dir, "runs.db"));
        var (id, reference, _) = RunStoreTests.WriteRun(store, "late", 1500, DateTimeOffset.UnixEpoch);
        // A second copy of every row, as a late delta would be: each second doubles, the rows stay one per second and tag.
        var copy = new List<EncodedSlice>();
        store.ReadSeries(id, slice => copy.Add(EncodedSlice.From(slice)));
        store.AddSeries(id, copy);

        var report = ReportBuilder.FromStore(store, id)!;

        Assert.Equal(2 * reference.Requests, report.Total.Requests);
        Assert.Equal(15, report.Seconds.Count);
        Assert.All(report.Seconds.Where(s => s.Tag is null), s => Assert.Equal(2000, s.Requests));
    }

    [Fact]
    public void FromStore_UnknownRun_IsNull()
    {
        using var store = RunStore.Open(Path.Combine(_dir, "runs.db"));
        Assert.Null(ReportBuilder.FromStore(store, 42));
    }

    [Fact]
    public void FromStore_MasksSecretsInThePlan()
    {
        using var store = RunStore.Open(Path.Combine(_dir, "runs.db"));
        var id = store.BeginRun(new RunStart("secret", "http://127.0.0.1:1/",
            "scenario:\n  main:\n    - get: /\n      headers:\n        Authorization: Bearer abc.def\n        X-Api-Key: k123\n", DateTimeOffset.UnixEpoch, 1));

        var plan = ReportBuilder.FromStore(store, id)!.Run.Plan;

        Assert.DoesNotContain("abc.def", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("k123", plan, StringComparison.Ordinal);
        Assert.Contains("Authorization: ***", plan, StringComparison.Ordinal);
        Assert.Contains("- get: /", plan, StringComparison.Ordinal);
    }
}
