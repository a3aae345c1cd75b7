using Barrage.Cluster.Protocol;
using Barrage.Engine;
using Barrage.Load;
using Barrage.Metrics;
using Barrage.Metrics.TimeSeries;
using Barrage.Transport;

namespace Barrage.Cluster.Tests;

/// <summary>The coordinator's books: each agent's reports applied once each, in order, whatever order and how often they come.</summary>
public sealed class ReportLedgerTests
{
    private readonly List<AgentShare> _agents = [new("id1", "a1", new LoadShare(0, 2)), new("id2", "a2", new LoadShare(1, 2))];
    private readonly MetricsCollector _collector = new();
    private readonly TimeSeriesCollector _series = new();
    private readonly RunProgress _progress = new();
    private readonly List<string> _log = [];
    private readonly ReportLedger _ledger;

    public ReportLedgerTests() => _ledger = new ReportLedger(_agents, _collector, _series, _progress, _log.Add);

    /// <summary>Agent <paramref name="index"/>'s report <paramref name="sequence"/> with <paramref name="requests"/> requests, which it says it sent.</summary>
    private static AgentReport Report(int index, long sequence, int requests, long sent, bool done = false)
    {
        var interval = new Aggregate();
        for (var i = 0; i < requests; i++)
            interval.Add(new Sample { Tag = "", StartUnixMicros = 0, ScheduledUs = 0, StartUs = 0, TotalUs = 100, Result = new TransportResult(0, 10, 50, 40, 100, 200, 0, 200) });
        var counts = new ProgressCounts(0, 0, 0, 0, sent, sent, sent, 0, 0);
        return new AgentReport(index, sequence, StatsCodec.Encode(interval), [], counts, done, false, done ? 3 : 0, null, done ? StopReason.Completed : null);
    }

    private long Total()
    {
        var total = new Aggregate();
        _collector.Flush(total);
        return total.Requests;
    }

    [Fact]
    public void ReportsInOrder_AreAppliedAndAcknowledgedOneByOne()
    {
        Assert.Equal(0, _ledger.Take(Report(0, 0, 5, 5)));
        Assert.Equal(1, _ledger.Take(Report(0, 1, 7, 12)));
        Assert.Equal(2, _ledger.Take(Report(0, 2, 1, 13, done: true)));

        Assert.Equal(13, Total());
        Assert.Equal(13, _agents[0].Requests);
        Assert.True(_agents[0].Done);
        Assert.Equal(StopReason.Completed, _agents[0].EndReason);
        Assert.Equal(13, _progress.ArrivalsSent);
    }

    [Fact]
    public void Duplicates_GapsAndDisorder_EveryRequestIsCountedExactlyOnce()
    {
        // What NATS may deliver of agent 1's reports 0..3 (3 is its end) while it resends what is unacknowledged.
        var arrivals = new (long Sequence, long Acknowledged)[]
        {
            (1, -1), // 0 lost: 1 comes after a gap, ignored
            (0, 0),  // the resend: 0 applied
            (1, 1),  // then 1
            (0, 1),  // a late duplicate of 0
            (3, 1),  // the end after a gap (2 lost)
            (2, 2),
            (2, 2),  // a duplicate of 2
            (3, 3),
            (3, 3),  // the end resent, its acknowledgement having been lost
        };
        long[] requests = [10, 20, 30, 4];
        long[] sent = [10, 30, 60, 64];

        foreach (var (sequence, acknowledged) in arrivals)
        {
            Assert.Equal(acknowledged, _ledger.Take(Report(0, sequence, (int)requests[sequence], sent[sequence], done: sequence == 3)));
            // The counts follow the reports applied, never one that came early.
            Assert.Equal(acknowledged < 0 ? 0 : sent[acknowledged], _progress.ArrivalsSent);
            Assert.Equal(acknowledged == 3, _agents[0].Done);
        }

        Assert.Equal(64, Total());
        Assert.Equal(64, _agents[0].Requests);
    }

    [Fact]
    public void Agents_HaveSequencesOfTheirOwn()
    {
        Assert.Equal(0, _ledger.Take(Report(0, 0, 3, 3)));
        Assert.Equal(-1, _ledger.Take(Report(1, 1, 4, 4)));
        Assert.Equal(0, _ledger.Take(Report(1, 0, 5, 5)));
        Assert.Equal(1, _ledger.Take(Report(1, 1, 4, 9)));

        Assert.Equal(12, Total());
        Assert.Equal([3L, 9L], _agents.Select(a => a.Requests));
        Assert.Equal(12, _progress.ArrivalsSent);
    }

    [Fact]
    public void AnEndBeforeTheStart_IsSequenceZero_AndEndsTheAgent()
    {
        Assert.Equal(0, _ledger.Take(Report(1, 0, 0, 0, done: true)));

        Assert.True(_agents[1].Done);
        Assert.False(_agents[0].Done);
    }

    [Fact]
    public void SomethingNotAnAgentsReport_IsNotTaken()
    {
        Assert.Null(_ledger.Take(null));
        Assert.Null(_ledger.Take(Report(2, 0, 1, 1)));
        Assert.Null(_ledger.Take(Report(-1, 0, 1, 1)));

        Assert.Equal(0, Total());
    }
}
