namespace Barrage.Cluster.Protocol;

/// <summary>
/// What an agent publishes once a second during a run (its heartbeat): the aggregate of the samples since the
/// last report, its sealed time-series seconds by tag, and its counts. The last one has <c>Done</c> set, with
/// how the run ended there (<c>Reason</c>: why it stopped, null when it failed). <c>Sequence</c> counts from 0 per agent
/// and run; the agent resends a report until the coordinator acknowledges it (<see cref="ReportAck"/>), and the
/// coordinator applies each sequence once, in order.
/// </summary>
internal sealed record AgentReport(
    int Index, long Sequence, EncodedStats Interval, IReadOnlyList<EncodedSlice> Slices, ProgressCounts Progress,
    bool Done, bool Interrupted, double ElapsedSeconds, string? Error, Engine.StopReason? Reason = null);
