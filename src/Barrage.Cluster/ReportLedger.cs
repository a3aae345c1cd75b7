using System.Diagnostics;
using Barrage.Cluster.Protocol;
using Barrage.Engine;
using Barrage.Metrics;
using Barrage.Metrics.TimeSeries;

namespace Barrage.Cluster;

/// <summary>
/// The coordinator's books of the agents' reports: each agent's reports are applied once each and in order of their
/// sequence, whatever NATS delivers. A duplicate (an unacknowledged report resent) is ignored; a report after a gap is
/// ignored too, since the agent resends everything unacknowledged in order a second later. Reports are deltas, so
/// applying one twice or skipping one would miscount.
/// </summary>
internal sealed class ReportLedger
{
    private readonly IReadOnlyList<AgentShare> _agents;
    private readonly MetricsCollector _collector;
    private readonly TimeSeriesCollector _series;
    private readonly RunProgress _progress;
    private readonly Action<string> _log;
    private readonly long[] _expected;
    private readonly long[] _lastHeard;
    private readonly ProgressCounts?[] _counts;

    public ReportLedger(IReadOnlyList<AgentShare> agents, MetricsCollector collector, TimeSeriesCollector series, RunProgress progress, Action<string> log)
    {
        _agents = agents;
        _collector = collector;
        _series = series;
        _progress = progress;
        _log = log;
        _expected = new long[agents.Count];
        _lastHeard = new long[agents.Count];
        _counts = new ProgressCounts?[agents.Count];
    }

    /// <summary>The longest an agent reported having run, in seconds (its end reports say).</summary>
    public double Elapsed { get; private set; }

    /// <summary>Raised when an agent's end, applied, says a check stopped it: the test stops, not only that agent.</summary>
    public event Action<AgentShare>? StoppedByCheck;

    /// <summary>Counts every agent as heard now (at the start).</summary>
    public void HeardAllNow()
    {
        var now = Stopwatch.GetTimestamp();
        for (var i = 0; i < _lastHeard.Length; i++)
            _lastHeard[i] = now;
    }

    /// <summary>How long agent <paramref name="index"/> has been silent; any report counts, a duplicate too.</summary>
    public TimeSpan SilentFor(int index) => Stopwatch.GetElapsedTime(_lastHeard[index]);

    /// <summary>
    /// Takes a report as it arrived: applies it when it is the next of its agent's, else only notes that the agent
    /// is heard. Returns the agent's highest applied sequence (what to acknowledge; -1 while none), or null for
    /// something that is not one of this run's agents' reports.
    /// </summary>
    public long? Take(AgentReport? report)
    {
        if (report is null || report.Index < 0 || report.Index >= _agents.Count)
            return null;
        var agent = _agents[report.Index];
        if (agent.LostAfterSeconds is not null && SilentFor(report.Index) > ClusterRun.AgentSilence)
        {
            // Heard again after it was given up: its measurements still count, the loss stays reported.
            _log($"agent {agent.Name} is heard again after it was reported lost");
        }
        _lastHeard[report.Index] = Stopwatch.GetTimestamp();
        if (report.Sequence == _expected[report.Index])
        {
            Apply(agent, report);
            _expected[report.Index]++;
        }
        return _expected[report.Index] - 1;
    }

    private void Apply(AgentShare agent, AgentReport report)
    {
        var interval = StatsCodec.ToAggregate(report.Interval);
        _collector.Merge(interval);
        foreach (var slice in report.Slices)
            _series.Merge(new SeriesSlice(slice.Second, slice.Tag, StatsCodec.ToSeriesStats(slice.Stats), slice.IsLate));
        agent.Requests += interval.Requests;
        agent.Errors += interval.Errors;
        agent.Dropped += interval.Dropped;
        _counts[report.Index] = report.Progress;
        Mirror();
        if (!report.Done)
            return;
        agent.Done = true;
        agent.Error = report.Error;
        agent.EndReason = report.Reason;
        Elapsed = Math.Max(Elapsed, report.ElapsedSeconds);
        if (report.Error is not null)
            _log($"agent {agent.Name} ended with an error: {report.Error}");
        if (report.Reason == StopReason.StoppedByCheck)
            StoppedByCheck?.Invoke(agent);
    }

    private void Mirror()
    {
        var c = _counts.OfType<ProgressCounts>().ToList();
        _progress.PlannedArrivals = c.Sum(x => x.Planned);
        _progress.PlannedUsers = c.Sum(x => x.PlannedUsers);
        _progress.Mirror(c.Sum(x => x.ActiveUsers), c.Sum(x => x.InFlight), c.Sum(x => x.Due), c.Sum(x => x.Sent), c.Sum(x => x.Completed),
            c.Sum(x => x.Dropped), c.Sum(x => x.Waiting));
    }
}
