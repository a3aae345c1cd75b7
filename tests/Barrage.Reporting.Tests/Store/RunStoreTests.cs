using Barrage.Engine;
using Barrage.Metrics;
using Barrage.Metrics.TimeSeries;
using Barrage.Reporting.Summaries;
using Barrage.Reporting.Thresholds;
using Barrage.Thresholds;
using Barrage.Transport;
using Microsoft.Data.Sqlite;

namespace Barrage.Reporting.Store;

public sealed class RunStoreTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "barrage-store-" + Guid.NewGuid().ToString("N")[..12]);

    public RunStoreTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string StorePath => Path.Combine(_dir, "nested", "runs.db");

    /// <summary>Runs <paramref name="sql"/> on the store file behind Barrage's back (to make it what an older version wrote).</summary>
    private void Alter(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={StorePath};Pooling=false");
        connection.Open();
        using var c = connection.CreateCommand();
        c.CommandText = sql;
        foreach (var (name, value) in parameters)
            c.Parameters.AddWithValue(name, value);
        c.ExecuteNonQuery();
    }

    private static Sample Sample(long startUs, long totalUs, string tag, int status = 200) => new()
    {
        Tag = tag,
        StartUnixMicros = 0,
        ScheduledUs = startUs,
        StartUs = startUs,
        TotalUs = totalUs,
        Result = new TransportResult(totalUs / 10, 5, totalUs / 2, totalUs / 4, 80, 900, 0, status),
    };

    /// <summary>Records a 5-second run into the store; returns its id, the reference aggregate and the summary.</summary>
    internal static (long Id, Aggregate Reference, RunSummary Summary) WriteRun(RunStore store, string name, long latencyUs, DateTimeOffset startedAt)
    {
        var collector = new TimeSeriesCollector(shards: 2);
        var reference = new Aggregate();
        var totals = new SeriesTotals();
        for (var i = 0; i < 5000; i++)
        {
            var s = Sample(i * 1000L, latencyUs + i % 997 * 11, i % 2 == 0 ? "login" : "items", i % 50 == 0 ? 500 : 200);
            collector.Record(s);
            reference.Add(s);
        }
        var id = store.BeginRun(new RunStart(name, "http://127.0.0.1:1/", $"name: {name}\n", startedAt, 4));
        collector.Flush(3_000_000, slice => { store.AddSeries(id, [slice]); totals.Add(slice); });
        collector.Complete(slice => { store.AddSeries(id, [slice]); totals.Add(slice); });
        var outcome = new RunOutcome(StopReason.Completed, startedAt, TimeSpan.FromSeconds(5));
        Assert.True(ThresholdParser.TryParse("p99 < 1s", out var t, out _));
        var thresholds = ThresholdEvaluator.Evaluate([t], totals, outcome.Elapsed);
        var summary = RunSummary.From(name, "http://127.0.0.1:1/", 4, outcome, reference) with { Thresholds = thresholds };
        store.FinishRun(id, summary, 0, thresholds);
        return (id, reference, summary);
    }

    [Fact]
    public void RoundTrip_RunAndSeries_HistogramsDecodeToTheSamePercentiles()
    {
        var started = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        using var store = RunStore.Open(StorePath);

        var (id, reference, summary) = WriteRun(store, "shop", 2000, started);

        var run = store.Get(id)!;
        Assert.Equal("shop", run.Name);
        Assert.Equal("name: shop\n", run.PlanText);
        Assert.Equal(PlanHash.Of("name: shop\n"), run.PlanHash);
        Assert.Equal(started, run.StartedAt);
        Assert.Equal(started.AddSeconds(5), run.EndedAt);
        Assert.Equal("completed", run.StopReason);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(Environment.MachineName, run.Host);
        Assert.Equal(RunStore.BarrageVersion, run.Version);
        Assert.Equal(5000, run.Requests);
        Assert.Equal(100, run.Errors);
        Assert.Equal(1000, run.Rps, precision: 6);
        Assert.Equal(summary.Latency.P99, run.P99Us);
        Assert.Equal("pass", run.Verdict);
        var threshold = Assert.Single(run.Thresholds);
        Assert.Equal(("p99 < 1s", ThresholdUnit.Seconds, true), (threshold.Expression, threshold.Unit, threshold.Passed));

        var totals = store.ReadTotals(id);
        Assert.Equal(reference.Requests, totals.Overall.Requests);
        Assert.Equal(reference.BytesIn, totals.Overall.BytesIn);
        Assert.Equal(reference.StatusCounts.ToDictionary(), totals.Overall.StatusCounts.OrderBy(kv => kv.Key).ToDictionary());
        foreach (var p in new[] { 0.0, 50, 90, 99, 99.9, 100 })
        {
            Assert.Equal(reference.ServiceTime.GetValueAtPercentile(p), totals.Overall.ServiceTime.GetValueAtPercentile(p));
            Assert.Equal(reference.ResponseTime.GetValueAtPercentile(p), totals.Overall.ResponseTime.GetValueAtPercentile(p));
        }
        Assert.Equal(["items", "login"], totals.ByTag.Keys.Order());
        Assert.Equal(2500, totals.ByTag["login"].Requests);
        Assert.Equal(5000, totals.Overall.Histogram(SeriesHistogram.Latency).TotalCount);
        Assert.Equal(StoredSummary.Build(run, totals).Latency, summary.Latency);
    }

    [Fact]
    public void ReadSeries_GivesEachSecondPerTagAndOverall()
    {
        using var store = RunStore.Open(StorePath);
        var (id, _, _) = WriteRun(store, "shop", 2000, DateTimeOffset.UnixEpoch);
        var rows = new List<(long, string?, long)>();

        store.ReadSeries(id, s => rows.Add((s.Second, s.Tag, s.Stats.Requests)));

        Assert.Equal(15, rows.Count);
        Assert.Equal((0L, "items", 500L), rows[0]);
        Assert.Equal((0L, (string?)null, 1000L), rows[2]);
    }

    [Fact]
    public void Migration_FromAnEmptyFile_CreatesTheSchema_AndIsIdempotent()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(StorePath)!);
        File.WriteAllBytes(StorePath, []);

        using (var store = RunStore.Open(StorePath))
            Assert.Null(store.LatestId());
        using (var again = RunStore.Open(StorePath))
            WriteRun(again, "x", 100, DateTimeOffset.UnixEpoch);

        using var connection = new SqliteConnection($"Data Source={StorePath};Pooling=false");
        connection.Open();
        using var c = connection.CreateCommand();
        c.CommandText = "SELECT COUNT(*), MAX(version) FROM schema_version";
        using var r = c.ExecuteReader();
        Assert.True(r.Read());
        Assert.Equal((1L, (long)RunStore.SchemaVersion), (r.GetInt64(0), r.GetInt64(1)));
    }

    [Fact]
    public void Migration_FromVersion1_AddsGauges_AndKeepsTheRuns()
    {
        long id;
        using (var store = RunStore.Open(StorePath))
            id = WriteRun(store, "before", 100, DateTimeOffset.UnixEpoch).Id;
        // What a version-1 store looked like: no gauges table.
        Alter("DROP TABLE run_agents; DROP TABLE gauges; ALTER TABLE runs DROP COLUMN directory; UPDATE schema_version SET version = 1");

        using var migrated = RunStore.Open(StorePath);
        migrated.AddGauges(id, [new GaugeSample(3, new Export.RunGauges(5, 2, 12.5))]);

        Assert.Equal("before", migrated.Get(id)!.Name);
        Assert.Null(migrated.Get(id)!.Directory);
        Assert.Equal(5000, migrated.ReadTotals(id).Overall.Requests);
        var gauge = Assert.Single(migrated.ReadGauges(id));
        Assert.Equal((3L, 5, 2, (double?)12.5), (gauge.Second, gauge.Gauges.Users, gauge.Gauges.InFlight, gauge.Gauges.PlannedRps));
    }

    [Fact]
    public void RunDirectory_IsRecorded_AndAVersion2StoreGainsTheColumn()
    {
        long old;
        using (var store = RunStore.Open(StorePath))
            old = WriteRun(store, "old", 100, DateTimeOffset.UnixEpoch).Id;
        // What a version-2 store looked like: runs without a directory.
        Alter("DROP TABLE run_agents; ALTER TABLE runs DROP COLUMN directory; UPDATE schema_version SET version = 2");

        using var migrated = RunStore.Open(StorePath);
        var dir = Path.Combine(Path.GetTempPath(), "barrage-run-dir");
        var id = migrated.BeginRun(new RunStart("new", "http://127.0.0.1:1/", "name: new\n", DateTimeOffset.UnixEpoch, 1, dir));

        Assert.Null(migrated.Get(old)!.Directory);
        Assert.Equal(dir, migrated.Get(id)!.Directory);
        Assert.Equal(dir, Assert.Single(migrated.List(name: "new")).Directory);
    }

    [Fact]
    public void PlanHash_IsTheSameForTheSamePlanText_AndDiffersForAnother()
    {
        using var store = RunStore.Open(StorePath);
        var first = store.Get(WriteRun(store, "shop", 100, DateTimeOffset.UnixEpoch).Id)!.PlanHash;
        var again = store.Get(WriteRun(store, "shop", 200, DateTimeOffset.UnixEpoch.AddHours(1)).Id)!.PlanHash;
        var other = store.Get(WriteRun(store, "cart", 100, DateTimeOffset.UnixEpoch).Id)!.PlanHash;

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Matches("^[0-9a-f]{32}$", first);
    }

    [Fact]
    public void Migration_FromVersion4_RehashesOldRunsPlans_SoTheyMatchNewRunsOfTheSamePlan()
    {
        long old;
        using (var store = RunStore.Open(StorePath))
            old = WriteRun(store, "shop", 100, DateTimeOffset.UnixEpoch).Id;
        // What a version-4 store held: the SHA-256 of the plan text.
        Alter("UPDATE runs SET plan_hash = $sha; UPDATE schema_version SET version = 4", ("$sha", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("name: shop\n"u8))));

        using var migrated = RunStore.Open(StorePath);
        var fresh = WriteRun(migrated, "shop", 100, DateTimeOffset.UnixEpoch.AddHours(1)).Id;

        Assert.Equal(migrated.Get(fresh)!.PlanHash, migrated.Get(old)!.PlanHash);
        Assert.Equal(PlanHash.Of("name: shop\n"), migrated.Get(old)!.PlanHash);
    }

    [Theory]
    [InlineData("semi;colon")]
    [InlineData("quote\"d and 'single'")]
    [InlineData("equals=sign ")]
    public void Open_APathWithConnectionStringCharacters_UsesThatVeryFile(string folder)
    {
        var path = Path.Combine(_dir, folder, "runs.db");
        using (var store = RunStore.Open(path))
            WriteRun(store, "odd", 100, DateTimeOffset.UnixEpoch);

        Assert.True(File.Exists(path));
        Assert.Single(Directory.GetFiles(_dir, "*.db", SearchOption.AllDirectories));
        using var reopened = RunStore.Open(path);
        Assert.Equal("odd", Assert.Single(reopened.List()).Name);
    }

    [Fact]
    public void StoreFromANewerBarrage_IsRefused_WithAMessage()
    {
        using (RunStore.Open(StorePath))
        {
        }
        Alter("UPDATE schema_version SET version = 999");

        var e = Assert.Throws<StoreException>(() => RunStore.Open(StorePath));

        Assert.Contains("newer Barrage", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotADatabase_IsAStoreException_NamingTheFile()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(StorePath)!);
        File.WriteAllText(StorePath, new string('x', 4096));

        var e = Assert.Throws<StoreException>(() => RunStore.Open(StorePath));

        Assert.Contains(StorePath, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void List_NewestFirst_FilteredByName_Limited()
    {
        using var store = RunStore.Open(StorePath);
        var t0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var a = WriteRun(store, "a", 100, t0).Id;
        var b = WriteRun(store, "b", 100, t0.AddHours(1)).Id;
        var c = WriteRun(store, "a", 100, t0.AddHours(2)).Id;

        Assert.Equal([c, b, a], store.List().Select(r => r.Id));
        Assert.Equal([c, a], store.List(name: "a").Select(r => r.Id));
        Assert.Equal([c], store.List(limit: 1).Select(r => r.Id));
        Assert.Equal(c, store.LatestId());
        Assert.Null(store.Get(999));
    }

    [Fact]
    public void RunNotFinished_IsListedAsRunning()
    {
        using var store = RunStore.Open(StorePath);

        var id = store.BeginRun(new RunStart("r", "builtin", "", DateTimeOffset.UnixEpoch, 1));

        Assert.Equal("running", store.Get(id)!.Verdict);
        Assert.Null(store.Get(id)!.ExitCode);
    }

    [Fact]
    public void Location_OptionWins_ThenEnvironment_ThenTheDataDirectory()
    {
        Assert.Equal(Path.GetFullPath("x.db"), RunStoreLocation.Resolve("x.db"));
        var fromEnv = Environment.GetEnvironmentVariable(RunStoreLocation.EnvironmentVariable);
        if (fromEnv is { Length: > 0 })
            Assert.Equal(Path.GetFullPath(fromEnv), RunStoreLocation.Resolve(null));
        else
            Assert.EndsWith(Path.Combine("barrage", "runs.db"), RunStoreLocation.Resolve(null), StringComparison.Ordinal);
    }
}
