using Barrage.Reporting.Store;
using Microsoft.Data.Sqlite;

namespace Barrage.Reporting.Compare;

/// <summary><see cref="RunComparison.PlanDifference"/> on runs written to a real store: only runs of different plans are flagged.</summary>
public sealed class PlanDifferenceTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "barrage-plandiff-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly RunStore _store;

    public PlanDifferenceTests()
    {
        Directory.CreateDirectory(_dir);
        _store = RunStore.Open(Path.Combine(_dir, "runs.db"));
    }

    public void Dispose()
    {
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private StoredRun Write(string name, int hour) =>
        _store.Get(RunStoreTests.WriteRun(_store, name, 1000, DateTimeOffset.UnixEpoch.AddHours(hour)).Id)!;

    [Fact]
    public void RunsOfOnePlan_AreNotFlagged()
    {
        Assert.Null(RunComparison.PlanDifference(Write("shop", 0), Write("shop", 1)));
    }

    [Fact]
    public void RunsOfTwoPlans_AreFlagged_WithEachPlansNameAndHash()
    {
        var a = Write("shop", 0);
        var b = Write("cart", 1);

        Assert.Equal(
            $"#{a.Id} and #{b.Id} ran different plans ('shop', plan {a.PlanHash[..12]}; 'cart', plan {b.PlanHash[..12]}): the figures compare different loads",
            RunComparison.PlanDifference(a, b));
    }

    [Fact]
    public void AnEditedPlanOfTheSameName_IsAnotherPlan()
    {
        var a = Write("shop", 0);
        var edited = _store.Get(_store.BeginRun(new RunStart("shop", "http://127.0.0.1:1/", "name: shop\nload: { users: 50 }\n", DateTimeOffset.UnixEpoch.AddHours(1), 50)))!;

        var difference = RunComparison.PlanDifference(a, edited);

        Assert.NotEqual(a.PlanHash, edited.PlanHash);
        Assert.Equal($"#{a.Id} and #{edited.Id} ran different plans ('shop', plan {a.PlanHash[..12]}; 'shop', plan {edited.PlanHash[..12]}): the figures compare different loads", difference);
    }
}
