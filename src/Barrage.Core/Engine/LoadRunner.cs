using Barrage.Plans;
using Barrage.Transport;

namespace Barrage.Engine;

/// <summary>
/// Runs a plan's closed model: users start over the ramp-up, each runs <c>init</c>, loops over <c>main</c>
/// until the duration is over or its iterations are done, then runs <c>end</c>. Every request becomes a
/// <see cref="Sample"/> for the sink. Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Stopping: when the duration is over or the caller's token fires, users start no new request; requests
/// in flight get <see cref="LoadSpec.GracefulStop"/> to finish and are then cancelled (recorded with
/// <see cref="NetCodes.Cancelled"/>). Nothing measured is lost.
/// </remarks>
public sealed class LoadRunner
{
    private readonly Plan _plan;
    private readonly CompiledScenario _scenario;
    private readonly ITransportFactory _transports;
    private readonly TimeProvider _time;
    private readonly RequestFeed? _feed;
    private long _sharedIterationsLeft;
    private readonly RequestTimer _timer;

    /// <param name="plan">What to run.</param>
    /// <param name="baseAddress">The target that relative URLs are resolved against.</param>
    /// <param name="transports">Makes each user's transport.</param>
    /// <param name="sink">Receives every sample.</param>
    /// <param name="time">The clock; defaults to the system's.</param>
    /// <param name="feed">Requests for <c>main</c> from a shared cursor (ammo); required when the plan has ammo.</param>
    public LoadRunner(Plan plan, Uri baseAddress, ITransportFactory transports, ISampleSink sink, TimeProvider? time = null, RequestFeed? feed = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(baseAddress);
        _plan = plan;
        _scenario = CompiledScenario.Compile(plan.Scenario, baseAddress);
        _transports = transports ?? throw new ArgumentNullException(nameof(transports));
        ArgumentNullException.ThrowIfNull(sink);
        _time = time ?? TimeProvider.System;
        _feed = feed;
        if (plan.Ammo is not null && feed is null)
            throw new ArgumentException("The plan's requests come from ammo: pass its feed.", nameof(feed));
        _sharedIterationsLeft = plan.Load.SharedIterations ?? long.MaxValue;
        Progress = new RunProgress { PlannedDuration = plan.Load.Duration };
        _timer = new RequestTimer(_time, sink, Progress);
    }

    /// <summary>Live state for progress displays.</summary>
    public RunProgress Progress { get; }

    /// <summary>Runs the test to its end. Cancelling <paramref name="stop"/> stops it gracefully; the call still returns normally.</summary>
    public async Task<RunOutcome> RunAsync(CancellationToken stop = default)
    {
        var load = _plan.Load;
        using var deadline = load.Duration is { } duration
            ? new CancellationTokenSource(duration, _time)
            : new CancellationTokenSource();
        using var soft = CancellationTokenSource.CreateLinkedTokenSource(stop, deadline.Token);
        var hard = new CancellationTokenSource();
        var reason = StopReason.Completed;
        using var onSoftStop = soft.Token.Register(() =>
        {
            if (stop.IsCancellationRequested && !deadline.IsCancellationRequested)
                reason = StopReason.Interrupted;
            Progress.Stopping = true;
            _ = CancelLaterAsync(hard, load.GracefulStop);
        });

        var startedAt = _time.GetUtcNow();
        _timer.Start();
        Progress.PlannedUsers = load.Users;

        var users = new Task[load.Users];
        for (var i = 0; i < users.Length; i++)
        {
            var offset = load.Users > 1 ? load.RampUp * i / load.Users : TimeSpan.Zero;
            users[i] = RunUserAsync(offset, soft.Token, hard.Token);
        }
        await Task.WhenAll(users);

        var elapsed = _timer.Elapsed;
        Progress.Stopping = true;
        return new RunOutcome(reason, startedAt, elapsed);
    }

    private async Task CancelLaterAsync(CancellationTokenSource hard, TimeSpan grace)
    {
        await ClockWait.DelayAsync(_time, grace, CancellationToken.None);
        hard.Cancel();
    }

    private async Task RunUserAsync(TimeSpan startOffset, CancellationToken soft, CancellationToken hard)
    {
        if (startOffset > TimeSpan.Zero)
        {
            if (!await ClockWait.DelayAsync(_time, startOffset, soft))
                return;
        }
        else
        {
            // Leave the caller's thread at once so that users start side by side. (A ramped user already
            // runs on the timer's thread; yielding again would only delay its start.)
            await Task.Yield();
        }
        if (soft.IsCancellationRequested)
            return;

        Progress.UserStarted();
        var transport = _transports.Create();
        try
        {
            if (!await RunSequenceAsync(transport, _scenario.Init, soft, hard))
                return;
            var iterations = _plan.Load.Iterations ?? long.MaxValue;
            var main = _scenario.Main;
            // The hot loop awaits the transport itself rather than through helper async methods: a request
            // then costs no state machine of its own (each would be a continuation hop and, when it waits,
            // an allocation).
            for (long i = 0; i < iterations && !soft.IsCancellationRequested; i++)
            {
                if (Interlocked.Decrement(ref _sharedIterationsLeft) < 0)
                    break;
                if (_feed is not null)
                {
                    if (!_feed.TryNext(out var request))
                        break;
                    var start = _timer.Starting();
                    _timer.Ended(request, start, null, await GuardedSend.Start(transport, request, hard));
                    continue;
                }

                var cut = false;
                foreach (var request in main)
                {
                    if (soft.IsCancellationRequested || hard.IsCancellationRequested)
                    {
                        cut = true;
                        break;
                    }
                    var start = _timer.Starting();
                    _timer.Ended(request, start, null, await GuardedSend.Start(transport, request, hard));
                }
                if (cut)
                    break;
            }
            // The end sequence runs even after a stop, as long as the graceful period lasts.
            await RunSequenceAsync(transport, _scenario.End, CancellationToken.None, hard);
        }
        finally
        {
            await transport.DisposeAsync();
            Progress.UserStopped();
        }
    }

    /// <returns>False when the sequence was cut short by a stop.</returns>
    private async ValueTask<bool> RunSequenceAsync(
        ITransport transport, PreparedRequest[] requests, CancellationToken soft, CancellationToken hard)
    {
        foreach (var request in requests)
        {
            if (soft.IsCancellationRequested || hard.IsCancellationRequested)
                return false;
            var start = _timer.Starting();
            _timer.Ended(request, start, null, await GuardedSend.Start(transport, request, hard));
        }
        return true;
    }

}
