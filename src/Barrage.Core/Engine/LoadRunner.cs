using Barrage.Plans;
using Barrage.Scenarios;
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
    /// <param name="options">Where the scenario's log goes, and debug output.</param>
    /// <exception cref="PlanException">The scenario has mistakes (possible for one built in code).</exception>
    public LoadRunner(Plan plan, Uri baseAddress, ITransportFactory transports, ISampleSink sink, TimeProvider? time = null, RequestFeed? feed = null, ScenarioOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(baseAddress);
        _plan = plan;
        ArgumentNullException.ThrowIfNull(transports);
        ArgumentNullException.ThrowIfNull(sink);
        _time = time ?? TimeProvider.System;
        _feed = feed;
        if (plan.Ammo is not null && feed is null)
            throw new ArgumentException("The plan's requests come from ammo: pass its feed.", nameof(feed));
        _sharedIterationsLeft = plan.Load.SharedIterations ?? long.MaxValue;
        Progress = new RunProgress { PlannedDuration = plan.Load.Duration };
        _timer = new RequestTimer(_time, sink, Progress);
        _scenario = CompiledScenario.Compile(plan, baseAddress, transports, _timer, _time, options);
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
        using var soft = CancellationTokenSource.CreateLinkedTokenSource(stop, deadline.Token, _scenario.StopToken);
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
        // Users start without the caller's execution context (the host's async locals): each await of each request
        // would otherwise capture it and restore it around the continuation. A scenario's groups set their own.
        using (ExecutionContext.SuppressFlow())
        {
            for (var i = 0; i < users.Length; i++)
            {
                var offset = load.Users > 1 ? load.RampUp * i / load.Users : TimeSpan.Zero;
                users[i] = RunUserAsync(i + 1, offset, soft.Token, hard.Token);
            }
        }
        await Task.WhenAll(users);

        var elapsed = _timer.Elapsed;
        Progress.Stopping = true;
        // A stop's cancellation is visible to the users before the callback above has run on the stopping thread, so
        // the users may all be done before it sets the reason: read the stop itself too.
        if (reason == StopReason.Completed && stop.IsCancellationRequested && !deadline.IsCancellationRequested)
            reason = StopReason.Interrupted;
        return new RunOutcome(_scenario.StopReason ?? reason, startedAt, elapsed);
    }

    private async Task CancelLaterAsync(CancellationTokenSource hard, TimeSpan grace)
    {
        await ClockWait.DelayAsync(_time, grace, CancellationToken.None);
        hard.Cancel();
    }

    private async Task RunUserAsync(long id, TimeSpan startOffset, CancellationToken soft, CancellationToken hard)
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
        var user = _scenario.CreateUser(id, hard);
        try
        {
            // A user that started goes through end even when a stop cut its init short (a logout after a login).
            var initDone = await CompiledScenario.RunAsync(_scenario.Init, user, soft);
            var iterations = initDone ? _plan.Load.Iterations ?? long.MaxValue : 0;
            // Without -n there is no shared count: no atomic on a counter every loop thread writes, per request.
            var shared = _plan.Load.SharedIterations is not null;
            var single = _scenario.SingleFixedRequest;
            for (long i = 0; i < iterations && !soft.IsCancellationRequested; i++)
            {
                if (shared && Interlocked.Decrement(ref _sharedIterationsLeft) < 0)
                    break;
                if (_feed is not null)
                {
                    if (!_feed.TryNext(out var request))
                        break;
                    // Awaited here, not through a helper, so an ammo request costs no state machine of its own.
                    var start = _timer.Starting();
                    _timer.Ended(request, start, null, await GuardedSend.Start(user.Transport, request, hard));
                    continue;
                }
                user.Iteration = i;
                if (!_scenario.BeginIteration(user))
                    break;
                if (single is not null && !user.Session.IsActive)
                {
                    // main is one fixed request (`hit`): sent right here, as StepRunner would send it, without its
                    // state machine in between: one continuation per request instead of two.
                    if (hard.IsCancellationRequested)
                        break;
                    var start = _timer.Starting();
                    _timer.Ended(single, start, null, await GuardedSend.Start(user.Transport, single, hard));
                    continue;
                }
                if (!await CompiledScenario.RunAsync(_scenario.Main, user, soft) && !user.ContinueAfterAbort())
                    break;
            }
            // The end sequence runs even after a stop, as long as the graceful period lasts.
            await CompiledScenario.RunAsync(_scenario.End, user, CancellationToken.None);
        }
        finally
        {
            await user.DisposeAsync();
            Progress.UserStopped();
        }
    }
}
