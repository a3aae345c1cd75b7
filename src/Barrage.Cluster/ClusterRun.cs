using System.Diagnostics;
using Barrage.Cluster.Protocol;
using Barrage.Engine;
using Barrage.Metrics;
using Barrage.Metrics.TimeSeries;
using NATS.Client.Core;

namespace Barrage.Cluster;

/// <summary>
/// A test running across agents, seen from the coordinator: it starts them at the agreed instant, merges their
/// per-second aggregates into the coordinator's collectors (so the live view, summary, thresholds, store and report
/// work as for one process), notices agents that go quiet, and stops them all when asked. Each agent's reports are
/// applied once each, in order, and acknowledged (<see cref="ReportLedger"/>): the agents resend what is not.
/// </summary>
public sealed class ClusterRun : IAsyncDisposable
{
    /// <summary>How long an agent may be silent (it reports once a second) before it counts as lost.</summary>
    public static readonly TimeSpan AgentSilence = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long after a second's end the coordinator's time series should seal it (µs): an agent seals a second 1 s
    /// after its end and reports once a second, so its slices arrive within about 2.5 s; later ones become late deltas.
    /// </summary>
    public const long MergeDelayUs = 4_000_000;

    /// <summary>How long an acknowledgement may wait to be sent (NATS reconnecting) before it is left to the next one.</summary>
    private static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(1);

    private readonly NatsConnection _nats;
    private readonly string _runId;
    private readonly ClusterOptions _options;
    private readonly Action<string> _log;
    private readonly long _startAtUs;
    private readonly ReportLedger _ledger;
    private readonly CancellationTokenSource _beating;
    private readonly Task _beats;
    private INatsSub<byte[]>? _phouts;
    private Task _answeringResends = Task.CompletedTask;

    internal ClusterRun(NatsConnection nats, string runId, ClusterOptions options, IReadOnlyList<AgentShare> agents, long startAtUs,
        MetricsCollector collector, TimeSeriesCollector series, RunProgress progress, Action<string> log, Task beats, CancellationTokenSource beating)
    {
        _nats = nats;
        _runId = runId;
        _options = options;
        Agents = agents;
        _startAtUs = startAtUs;
        Progress = progress;
        _log = log;
        _beats = beats;
        _beating = beating;
        _ledger = new ReportLedger(agents, collector, series, progress, log);
        _ledger.StoppedByCheck += agent =>
        {
            _log($"agent {agent.Name} stopped by a check: stopping every agent");
            _ = StopAgentsAsync();
        };
    }

    /// <summary>Tests only: true for a report to treat as lost on the way (it is neither applied nor acknowledged).</summary>
    internal Func<AgentReport, bool>? LoseReport { get; set; }

    /// <summary>Tests only: true for a phout chunk to treat as lost on the way (it is neither written nor acknowledged).</summary>
    internal Func<PhoutChunk, bool>? LosePhoutChunk { get; set; }

    /// <summary>Tests only: true for a phout acknowledgement (agent index, sequence written, whether the file ended) to treat as lost on the way.</summary>
    internal Func<(int Index, long Written, bool Ended), bool>? LosePhoutAck { get; set; }

    /// <summary>How long after the end, or after the last chunk that made a file grow, the coordinator waits for the agents' phout files (60 s; tests shorten it).</summary>
    internal TimeSpan PhoutWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The run's id, which names its NATS subjects.</summary>
    internal string RunId => _runId;

    /// <summary>The agents' counts summed, for the live view and the summary.</summary>
    public RunProgress Progress { get; }

    /// <summary>The seed of Poisson arrivals every agent uses; null otherwise.</summary>
    public int? Seed { get; init; }

    /// <summary>The agents and their shares, with what each reported.</summary>
    public IReadOnlyList<AgentShare> Agents { get; }

    /// <summary>Runs until every agent ended or was lost. Cancelling <paramref name="stop"/> stops every agent gracefully.</summary>
    public async Task<RunOutcome> RunAsync(CancellationToken stop = default)
    {
        await using var reports = await _nats.SubscribeCoreAsync<byte[]>(Subjects.Reports(_runId), cancellationToken: CancellationToken.None).ConfigureAwait(false);
        _phouts = await _nats.SubscribeCoreAsync<byte[]>(Subjects.Phouts(_runId), cancellationToken: CancellationToken.None).ConfigureAwait(false);
        using var ended = new CancellationTokenSource();
        var collection = _options.CollectPhoutDir is { } phoutDir
            ? new PhoutCollection(_nats, _runId, Agents, phoutDir, _log) { Lose = LosePhoutChunk, LoseAck = LosePhoutAck }
            : null;
        var collected = collection?.CollectAsync(_phouts, PhoutWait, ended.Token) ?? Task.CompletedTask;
        var startedAt = DateTimeOffset.UnixEpoch.AddTicks(_startAtUs * 10);
        try
        {
            await UnixClock.WaitUntilAsync(_startAtUs, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        Progress.Started(Stopwatch.GetTimestamp());
        _ledger.HeardAllNow();

        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(stop);
        using var stopping = aborted.Token.Register(() => _ = StopAgentsAsync());
        using var wake = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        var reading = reports.Msgs.ReadAsync(CancellationToken.None).AsTask();
        var ticking = wake.WaitForNextTickAsync(CancellationToken.None).AsTask();
        while (Agents.Any(a => !a.Done && a.LostAfterSeconds is null))
        {
            var woke = await Task.WhenAny(reading, ticking).ConfigureAwait(false);
            if (woke == reading)
            {
                await TakeAsync(Wire.Decode<AgentReport>((await reading.ConfigureAwait(false)).Data)).ConfigureAwait(false);
                reading = reports.Msgs.ReadAsync(CancellationToken.None).AsTask();
            }
            else
            {
                ticking = wake.WaitForNextTickAsync(CancellationToken.None).AsTask();
                if (FindLost() && _options.AbortOnAgentLoss && !aborted.IsCancellationRequested)
                {
                    _log("on_agent_loss is abort: stopping every agent");
                    await aborted.CancelAsync().ConfigureAwait(false);
                }
            }
        }
        var reason = aborted.IsCancellationRequested ? StopReason.Interrupted
            : Agents.Any(a => a.EndReason == StopReason.StoppedByCheck) ? StopReason.StoppedByCheck
            : Agents.Any(a => a.EndReason == StopReason.DataExhausted) ? StopReason.DataExhausted
            : StopReason.Completed;
        Progress.Stopping = true;
        await FlushAcksAsync().ConfigureAwait(false);
        if (_options.CollectPhoutDir is not null)
        {
            await ended.CancelAsync().ConfigureAwait(false);
            await collected.ConfigureAwait(false);
            await FlushAcksAsync().ConfigureAwait(false);
            // Until the coordinator closes: an agent whose last acknowledgement was lost resends, and learns it is all here.
            _answeringResends = collection!.AnswerResendsAsync(_phouts, _beating.Token);
        }
        return new RunOutcome(reason, startedAt, TimeSpan.FromSeconds(_ledger.Elapsed > 0 ? _ledger.Elapsed : Timing.ElapsedMicros(Progress.StartTimestamp) / 1e6));
    }

    /// <summary>Applies a report if it is the next of its agent's, and acknowledges what is applied so far.</summary>
    private async Task TakeAsync(AgentReport? report)
    {
        if (report is not null && LoseReport?.Invoke(report) == true)
            return;
        if (_ledger.Take(report) is not (>= 0 and var applied))
            return;
        try
        {
            // Bounded: a publish that waits for a reconnection must not hold the reading of reports.
            using var timeout = new CancellationTokenSource(AckTimeout);
            await _nats.PublishAsync(Subjects.Ack(_runId, report!.Index), Wire.Encode(new ReportAck(applied)), cancellationToken: timeout.Token)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException)
        {
            // The agent resends what is unacknowledged, and the next report it sends is acknowledged again.
        }
    }

    /// <summary>
    /// Sees the last acknowledgements out: a publish only buffers them, and the connection may close right after the
    /// run; an agent whose end is not acknowledged resends it for <see cref="AgentSession.FinalReportPatience"/>.
    /// </summary>
    private async Task FlushAcksAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(AckTimeout);
            await _nats.PingAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException)
        {
            // NATS is down: the agents give up on their last acknowledgement after a while, their results are here.
        }
    }

    /// <summary>Marks agents silent for longer than <see cref="AgentSilence"/> as lost; true when one was just lost.</summary>
    private bool FindLost()
    {
        var lost = false;
        for (var i = 0; i < Agents.Count; i++)
        {
            var agent = Agents[i];
            if (agent.Done || agent.LostAfterSeconds is not null || _ledger.SilentFor(i) <= AgentSilence)
                continue;
            agent.LostAfterSeconds = Timing.ElapsedMicros(Progress.StartTimestamp) / 1e6;
            _log($"agent {agent.Name} (share {agent.Share}) lost {agent.LostAfterSeconds:0.0} s into the run: its share is missing from here on");
            lost = true;
        }
        return lost;
    }

    private async Task StopAgentsAsync()
    {
        try
        {
            await _nats.PublishAsync(Subjects.Stop(_runId), Wire.Encode(_runId)).ConfigureAwait(false);
        }
        catch (NatsException e)
        {
            _log($"could not send the stop: {e.Message}; agents stop by themselves {AgentSession.CoordinatorSilence.TotalSeconds:0} s after the coordinator goes quiet");
        }
    }

    /// <summary>Stops the heartbeat (agents still running then stop by themselves) and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _beating.CancelAsync().ConfigureAwait(false);
        await _beats.ConfigureAwait(false);
        await _answeringResends.ConfigureAwait(false);
        if (_phouts is not null)
            await _phouts.DisposeAsync().ConfigureAwait(false);
        _beating.Dispose();
        await _nats.DisposeAsync().ConfigureAwait(false);
    }
}
