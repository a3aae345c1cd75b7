using System.Text.Json;
using Barrage.Reporting.Summaries;
using Microsoft.Data.Sqlite;

namespace Barrage.Reporting.Store;

/// <summary>A cluster run's per-agent breakdown in the store (migration 4) and in <c>summary.json</c>.</summary>
public sealed class RunStoreAgentsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("barrage-store-agents-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string StorePath => Path.Combine(_dir, "runs.db");

    private static readonly AgentSummary[] Agents =
    [
        new("a1", "host-1", "1/2", 300, 2, 0, -1500, null),
        new("a2", "host-2", "2/2", 120, 0, 7, 250, 4.5, "connection refused"),
    ];

    // A cluster run with Agents and a one-process run, finished.
    private static (long Cluster, long Single) WriteClusterAndSingle(RunStore store)
    {
        var (id, _, summary) = RunStoreTests.WriteRun(store, "cluster", 100, DateTimeOffset.UnixEpoch);
        store.FinishRun(id, summary with { Agents = Agents }, 0, summary.Thresholds);
        return (id, RunStoreTests.WriteRun(store, "single", 100, DateTimeOffset.UnixEpoch).Id);
    }

    [Fact]
    public void FinishRun_KeepsEachAgent_InShareOrder_AndGetReadsThemBack()
    {
        using var store = RunStore.Open(StorePath);
        var (id, single) = WriteClusterAndSingle(store);

        Assert.Equal(Agents, store.Get(id)!.Agents);
        Assert.Empty(store.Get(single)!.Agents);
        Assert.Equal(Agents, StoredSummary.Build(store.Get(id)!, store.ReadTotals(id)).Agents);
    }

    [Fact]
    public void TheReport_OfAClusterRun_ListsItsAgents_AndOneProcessHasNone()
    {
        using var store = RunStore.Open(StorePath);
        var (id, single) = WriteClusterAndSingle(store);

        var report = Reports.ReportBuilder.FromStore(store, id)!;
        Assert.Equal(Agents, report.Agents);
        Assert.Empty(Reports.ReportBuilder.FromStore(store, single)!.Agents);
        using var json = JsonDocument.Parse(Reports.ReportJson.Write(report));
        var second = json.RootElement.GetProperty("agents")[1];
        Assert.Equal("a2", second.GetProperty("name").GetString());
        Assert.Equal(250, second.GetProperty("clock_offset_us").GetInt64());
        Assert.Equal(4.5, second.GetProperty("lost_after_seconds").GetDouble());
        Assert.Equal("connection refused", second.GetProperty("error").GetString());
    }

    [Fact]
    public void DeletingARun_DeletesItsAgents()
    {
        using var store = RunStore.Open(StorePath);
        var (id, _, summary) = RunStoreTests.WriteRun(store, "cluster", 100, DateTimeOffset.UnixEpoch);
        store.FinishRun(id, summary with { Agents = Agents }, 0, summary.Thresholds);

        Assert.True(store.Delete(id));

        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM run_agents"));
    }

    [Fact]
    public void AVersion3Store_GainsTheAgentsTable_AndKeepsItsRuns()
    {
        long old;
        using (var store = RunStore.Open(StorePath))
            old = RunStoreTests.WriteRun(store, "old", 100, DateTimeOffset.UnixEpoch).Id;
        // What a version-3 store looked like: no run_agents.
        Scalar("DROP TABLE run_agents; UPDATE schema_version SET version = 3; SELECT 0");

        using var migrated = RunStore.Open(StorePath);
        var (id, _, summary) = RunStoreTests.WriteRun(migrated, "new", 100, DateTimeOffset.UnixEpoch);
        migrated.FinishRun(id, summary with { Agents = Agents }, 0, summary.Thresholds);

        Assert.Empty(migrated.Get(old)!.Agents);
        Assert.Equal(5000, migrated.ReadTotals(old).Overall.Requests);
        Assert.Equal(Agents, migrated.Get(id)!.Agents);
        Assert.Equal((long)RunStore.SchemaVersion, Scalar("SELECT MAX(version) FROM schema_version"));
    }

    [Fact]
    public void SummaryJson_ListsTheAgents_OnlyForAClusterRun()
    {
        RunSummary summary;
        using (var store = RunStore.Open(StorePath))
            summary = RunStoreTests.WriteRun(store, "json", 100, DateTimeOffset.UnixEpoch).Summary;

        var cluster = Json(summary with { Agents = Agents }).GetProperty("agents");
        Assert.False(Json(summary).TryGetProperty("agents", out _));

        Assert.Equal(["a1", "a2"], cluster.EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        var lost = cluster[1];
        Assert.Equal("host-2", lost.GetProperty("host").GetString());
        Assert.Equal("2/2", lost.GetProperty("share").GetString());
        Assert.Equal(120, lost.GetProperty("requests").GetInt64());
        Assert.Equal(7, lost.GetProperty("dropped").GetInt64());
        Assert.Equal(250, lost.GetProperty("clock_offset_us").GetInt64());
        Assert.Equal(4.5, lost.GetProperty("lost_after_s").GetDouble());
        Assert.Equal("connection refused", lost.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, cluster[0].GetProperty("lost_after_s").ValueKind);
    }

    private static JsonElement Json(RunSummary summary)
    {
        using var stream = new MemoryStream();
        SummaryJson.Write(summary, stream);
        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={StorePath};Pooling=false");
        connection.Open();
        using var c = connection.CreateCommand();
        c.CommandText = sql;
        return (long)c.ExecuteScalar()!;
    }
}
