using System.Collections.Concurrent;
using Barrage.Scenarios;

namespace Barrage.Core.Tests.Scenarios;

public class DataFeederTests
{
    private static DataSource Source(int rows, DataOrder order) => new()
    {
        Name = "users",
        Path = "/data/users.csv",
        Format = DataFormat.Csv,
        Columns = ["name", "n"],
        Rows = [.. Enumerable.Range(0, rows).Select(i => (IReadOnlyList<string>)[$"user{i}", $"{i}"])],
        Order = order,
    };

    [Fact]
    public void Circular_GoesRoundInFileOrder()
    {
        var feeder = new DataFeeder(Source(3, DataOrder.Circular));

        var names = Enumerable.Range(0, 7).Select(_ => Assert.IsAssignableFrom<IReadOnlyList<string>>(Take(feeder))[0]).ToList();

        Assert.Equal(["user0", "user1", "user2", "user0", "user1", "user2", "user0"], names);
        Assert.False(feeder.IsExhausted);
    }

    [Fact]
    public void Random_WithASeed_Repeats_AndUsesEveryRowInTime()
    {
        var first = new DataFeeder(Source(5, DataOrder.Random), seed: 42);
        var second = new DataFeeder(Source(5, DataOrder.Random), seed: 42);

        var a = Enumerable.Range(0, 200).Select(_ => Take(first)[1]).ToList();
        var b = Enumerable.Range(0, 200).Select(_ => Take(second)[1]).ToList();

        Assert.Equal(a, b);
        Assert.Equal(["0", "1", "2", "3", "4"], a.Distinct().Order());
    }

    [Fact]
    public void Unique_AcrossThreads_HandsOutEachRowOnce_ThenSaysItIsExhausted()
    {
        var feeder = new DataFeeder(Source(1000, DataOrder.Unique));
        var taken = new ConcurrentBag<string>();
        var refusals = 0;

        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            while (feeder.TryTake(out var row))
                taken.Add(row[0]);
            Interlocked.Increment(ref refusals);
        });

        Assert.Equal(1000, taken.Count);
        Assert.Equal(1000, taken.Distinct().Count());
        Assert.Equal(4, refusals);
        Assert.True(feeder.IsExhausted);
        Assert.Equal("data 'users': every one of the 1000 rows of /data/users.csv was used once (order: unique), so the test stopped", feeder.ExhaustedMessage);
    }

    [Fact]
    public void TryFill_SetsNameDotColumn_AndNothingOnceExhausted()
    {
        var feeder = new DataFeeder(Source(1, DataOrder.Unique));
        var scope = new VariableScope();

        Assert.True(feeder.TryFill(scope));
        Assert.Equal(new Dictionary<string, string> { ["users.name"] = "user0", ["users.n"] = "0" }, scope.Values);
        scope.Values.Clear();
        Assert.False(feeder.TryFill(scope));
        Assert.Empty(scope.Values);
    }

    private static IReadOnlyList<string> Take(DataFeeder feeder)
    {
        Assert.True(feeder.TryTake(out var row));
        return row;
    }
}
