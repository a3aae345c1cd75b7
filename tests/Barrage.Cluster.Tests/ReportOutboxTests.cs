using Barrage.Cluster.Protocol;
using Barrage.Metrics;

namespace Barrage.Cluster.Tests;

/// <summary>An agent's unacknowledged reports: kept in order until acknowledged, bounded.</summary>
public sealed class ReportOutboxTests
{
    private readonly ReportOutbox _outbox = new();

    private static AgentReport Report(long sequence) =>
        new(0, sequence, StatsCodec.Encode(new Aggregate()), [], new ProgressCounts(0, 0, 0, 0, 0, 0, 0, 0, 0), false, false, 0, null);

    private void AddNext() => _outbox.Add(Report(_outbox.NextSequence));

    [Fact]
    public void Reports_StayInOrderUntilAcknowledged()
    {
        for (var i = 0; i < 4; i++)
            AddNext();

        _outbox.Acknowledge(1);

        Assert.Equal([2L, 3L], _outbox.Pending().Select(r => r.Sequence));
        Assert.Equal(4, _outbox.NextSequence);
    }

    [Fact]
    public void AnOldAcknowledgement_DropsNothingMore()
    {
        for (var i = 0; i < 3; i++)
            AddNext();
        _outbox.Acknowledge(1);

        _outbox.Acknowledge(0);
        _outbox.Acknowledge(-1);

        Assert.Equal([2L], _outbox.Pending().Select(r => r.Sequence));
    }

    [Fact]
    public void Emptied_CompletesWhenTheLastIsAcknowledged()
    {
        Assert.True(_outbox.Emptied.IsCompleted);
        AddNext();
        AddNext();
        var emptied = _outbox.Emptied;

        _outbox.Acknowledge(0);
        Assert.False(emptied.IsCompleted);
        _outbox.Acknowledge(1);

        Assert.True(emptied.IsCompleted);
        Assert.Empty(_outbox.Pending());
    }

    [Fact]
    public void AtCapacity_ItIsFull_UntilOneIsAcknowledged()
    {
        for (var i = 0; i < ReportOutbox.Capacity; i++)
        {
            Assert.False(_outbox.IsFull);
            AddNext();
        }

        Assert.True(_outbox.IsFull);
        _outbox.Acknowledge(0);
        Assert.False(_outbox.IsFull);
    }

    [Fact]
    public void AReportOutOfSequence_IsABug()
    {
        AddNext();

        Assert.Throws<ArgumentException>(() => _outbox.Add(Report(5)));
    }
}
