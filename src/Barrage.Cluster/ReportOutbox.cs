using Barrage.Cluster.Protocol;

namespace Barrage.Cluster;

/// <summary>
/// An agent's reports the coordinator has not acknowledged yet, in sequence order. Reports travel over NATS core (at most
/// once), so every one is resent until acknowledged: a NATS restart or a lost message costs a delay, never a second.
/// </summary>
/// <remarks>
/// Reports are deltas the coordinator applies once each, in order, so they cannot be merged or skipped. At
/// <see cref="Capacity"/> the agent makes no new report: its samples stay in its collectors (histograms: bounded) and go
/// out in the next report once the coordinator acknowledges some.
/// </remarks>
internal sealed class ReportOutbox
{
    /// <summary>How many unacknowledged reports an agent keeps: a minute of reports, far beyond the coordinator's patience.</summary>
    public const int Capacity = 60;

    private readonly Lock _gate = new();
    private readonly Queue<AgentReport> _pending = new();
    private TaskCompletionSource _emptied = NewSignal();
    private long _next;

    /// <summary>The sequence the next report gets.</summary>
    public long NextSequence
    {
        get
        {
            lock (_gate)
                return _next;
        }
    }

    /// <summary>True when no new report should be made until some are acknowledged.</summary>
    public bool IsFull
    {
        get
        {
            lock (_gate)
                return _pending.Count >= Capacity;
        }
    }

    /// <summary>Completes when every report made so far is acknowledged.</summary>
    public Task Emptied
    {
        get
        {
            lock (_gate)
                return _pending.Count == 0 ? Task.CompletedTask : _emptied.Task;
        }
    }

    /// <summary>Keeps <paramref name="report"/> (it must carry <see cref="NextSequence"/>) until it is acknowledged.</summary>
    public void Add(AgentReport report)
    {
        lock (_gate)
        {
            if (report.Sequence != _next)
                throw new ArgumentException($"report {report.Sequence} out of order: {_next} expected", nameof(report));
            if (_pending.Count == 0)
                _emptied = NewSignal();
            _pending.Enqueue(report);
            _next++;
        }
    }

    /// <summary>Drops every report up to <paramref name="applied"/>; an old or foreign acknowledgement drops nothing more.</summary>
    public void Acknowledge(long applied)
    {
        lock (_gate)
        {
            var dropped = false;
            while (_pending.TryPeek(out var first) && first.Sequence <= applied)
            {
                _pending.Dequeue();
                dropped = true;
            }
            if (dropped && _pending.Count == 0)
                _emptied.TrySetResult();
        }
    }

    /// <summary>The unacknowledged reports, oldest first: what to publish now.</summary>
    public IReadOnlyList<AgentReport> Pending()
    {
        lock (_gate)
            return [.. _pending];
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
