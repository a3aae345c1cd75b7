using Barrage.Load;
using Barrage.Plans;
using Barrage.Scenarios;
using Barrage.Transport;

namespace Barrage.Engine;

/// <summary>
/// Runs a closed model whose users change over time: a <see cref="UserSchedule"/> (<c>users: line(1, 50, 20s)</c>)
/// or Loads' cycles (<c>users: 10:20:30</c> with <c>hits</c>). Each user runs <c>init</c>, loops over <c>main</c>
/// and runs <c>end</c>, as in <see cref="LoadRunner"/>; the controller, not the users, decides when users come and go.
/// </summary>
/// <remarks>
/// <para>Schedule: every <see cref="Tick"/> the controller compares the running users with the schedule's count;
/// it starts the missing ones, and asks the most recently started ones to leave when there are too many: they
/// finish the iteration they are in, run <c>end</c> and go. So the count goes down as well as up.</para>
/// <para>Cycles with hits: the counts run one after the other; in each, every user does <c>hits</c> iterations,
/// and the next cycle starts when all of them are done.</para>
/// <para>Stopping is as in <see cref="LoadRunner"/>: no new iteration, in-flight requests get the graceful stop.</para>
/// </remarks>
public sealed class UserScheduleRunner
{
    /// <summary>How often the controller adjusts the number of users to the schedule.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(50);

    private readonly Plan _plan;
    private readonly UserSchedule? _schedule;
    private readonly CompiledScenario _scenario;
    private long _lastUserId;
    private readonly TimeProvider _time;
    private readonly RequestFeed? _feed;
    private readonly LoadShare _share;
    private readonly RequestTimer _timer;
    private readonly List<User> _running = [];
    private CancellationToken _hard;

    /// <param name="plan">What to run: a closed model with users over time or cycles.</param>
    /// <param name="baseAddress">The target that relative URLs are resolved against.</param>
    /// <param name="transports">Makes each user's transport.</param>
    /// <param name="sink">Receives every sample.</param>
    /// <param name="time">The clock; defaults to the system's.</param>
    /// <param name="feed">Requests from a shared cursor (ammo); required when the plan has ammo.</param>
    /// <param name="options">Where the scenario's log goes, and debug output.</param>
    /// <param name="share">The part of the users this process runs at every instant (cluster agents); null for all of them.</param>
    /// <exception cref="PlanException">The scenario has mistakes (possible for one built in code).</exception>
    public UserScheduleRunner(Plan plan, Uri baseAddress, ITransportFactory transports, ISampleSink sink, TimeProvider? time = null, RequestFeed? feed = null,
        ScenarioOptions? options = null, LoadShare? share = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(sink);
        _schedule = plan.Load.UsersOverTime;
        if (plan.Load.Model != LoadModel.Closed || (_schedule is null && (plan.Load.Cycles is null || plan.Load.Hits is null)))
            throw new ArgumentException("The plan's load has no users over time or cycles with hits.", nameof(plan));
        if (plan.Ammo is not null && feed is null)
            throw new ArgumentException("The plan's requests come from ammo: pass its feed.", nameof(feed));
        _plan = plan;
        ArgumentNullException.ThrowIfNull(transports);
        _time = time ?? TimeProvider.System;
        _feed = feed;
        _share = share ?? LoadShare.Whole;
        if (!_share.IsValid)
            throw new ArgumentException($"The share {share} is not one of its count.", nameof(share));
        var length = _schedule is null ? plan.Load.Duration : plan.Load.Duration is { } cap && cap < _schedule.Duration ? cap : _schedule.Duration;
        Progress = new RunProgress
        {
            Model = LoadModel.Closed,
            PlannedDuration = length,
            PlannedUsers = _share.Users(_schedule?.MaxUsers ?? plan.Load.Cycles!.Max()),
        };
        _timer = new RequestTimer(_time, sink, Progress);
        _scenario = CompiledScenario.Compile(plan, baseAddress, transports, _timer, _time, options);
    }

    /// <summary>Live state for progress displays.</summary>
    public RunProgress Progress { get; }

    /// <summary>Runs to the end of the schedule or the cycles. Cancelling <paramref name="stop"/> stops gracefully.</summary>
    public async Task<RunOutcome> RunAsync(CancellationToken stop = default)
    {
        var outside = stop;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stop, _scenario.StopToken);
        stop = linked.Token; // the scenario may stop the test itself (stop_test, a spent unique feeder)
        var hard = new CancellationTokenSource();
        _hard = hard.Token;
        var startedAt = _time.GetUtcNow();
        _timer.Start();

        if (_schedule is not null)
            await FollowScheduleAsync(stop).ConfigureAwait(false);
        else
            await RunCyclesAsync(stop).ConfigureAwait(false);

        Progress.Stopping = true;
        List<User> left;
        lock (_running)
        {
            left = [.. _running];
            foreach (var user in left)
                user.Leave.Cancel();
        }
        using var grace = new CancellationTokenSource();
        var cancelLater = CancelLaterAsync(hard, grace.Token);
        await Task.WhenAll(left.Select(u => u.Task)).ConfigureAwait(false);
        var elapsed = _timer.Elapsed;
        grace.Cancel();
        await cancelLater.ConfigureAwait(false);
        hard.Dispose();
        return new RunOutcome(_scenario.StopReason ?? (outside.IsCancellationRequested ? StopReason.Interrupted : StopReason.Completed), startedAt, elapsed);
    }

    private async Task FollowScheduleAsync(CancellationToken stop)
    {
        var length = Progress.PlannedDuration!.Value;
        while (!stop.IsCancellationRequested)
        {
            var now = _timer.Elapsed;
            if (now >= length)
                return;
            Adjust(_share.Users(_schedule!.UsersAt(now)));
            var wait = Tick < length - now ? Tick : length - now;
            if (!await ClockWait.DelayAsync(_time, wait, stop).ConfigureAwait(false))
                return;
        }
    }

    private async Task RunCyclesAsync(CancellationToken stop)
    {
        foreach (var count in _plan.Load.Cycles!)
        {
            if (stop.IsCancellationRequested || (_plan.Load.Duration is { } cap && _timer.Elapsed >= cap))
                return;
            var users = Enumerable.Range(0, _share.Users(count)).Select(_ => Start(_plan.Load.Hits)).ToList();
            using var interrupt = stop.UnsafeRegister(static s => { foreach (var u in (List<User>)s!) u.Leave.Cancel(); }, users);
            await Task.WhenAll(users.Select(u => u.Task)).ConfigureAwait(false);
        }
    }

    /// <summary>Starts or sends away users until <paramref name="target"/> are running (those leaving do not count).</summary>
    private void Adjust(int target)
    {
        lock (_running)
        {
            _running.RemoveAll(u => u.Task.IsCompleted);
            var staying = _running.Where(u => !u.Leave.IsCancellationRequested).ToList();
            for (var i = staying.Count; i < target; i++)
                Start(null);
            for (var i = staying.Count - 1; i >= target; i--)
                staying[i].Leave.Cancel();
        }
    }

    private User Start(long? iterations)
    {
        var user = new User();
        lock (_running)
            _running.Add(user);
        // Without the caller's execution context, as in LoadRunner: no context restored around every await.
        using (ExecutionContext.SuppressFlow())
            user.Task = RunUserAsync(user, iterations);
        return user;
    }

    private async Task RunUserAsync(User user, long? iterations)
    {
        Progress.UserStarted();
        var session = _scenario.CreateUser(Interlocked.Increment(ref _lastUserId), _hard);
        try
        {
            var initDone = await CompiledScenario.RunAsync(_scenario.Init, session, user.Leave.Token).ConfigureAwait(false);
            for (long i = 0; initDone && i < (iterations ?? long.MaxValue) && !user.Leave.IsCancellationRequested && !_hard.IsCancellationRequested; i++)
            {
                if (_feed is not null)
                {
                    if (!_feed.TryNext(out var next))
                        break;
                    await _timer.SendAsync(session.Transport, next, null, _hard).ConfigureAwait(false);
                    continue;
                }
                // A user that is asked to leave finishes the iteration it is in.
                session.Iteration = i;
                if (!_scenario.BeginIteration(session))
                    break;
                if (!await CompiledScenario.RunAsync(_scenario.Main, session, CancellationToken.None).ConfigureAwait(false) && !session.ContinueAfterAbort())
                    break;
            }
            await CompiledScenario.RunAsync(_scenario.End, session, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await session.DisposeAsync().ConfigureAwait(false);
            Progress.UserStopped();
        }
    }

    private async Task CancelLaterAsync(CancellationTokenSource hard, CancellationToken done)
    {
        if (await ClockWait.DelayAsync(_time, _plan.Load.GracefulStop, done).ConfigureAwait(false))
            hard.Cancel();
    }

    /// <summary>A running user: its task and the signal that asks it to leave after its iteration.</summary>
    private sealed class User
    {
        public CancellationTokenSource Leave { get; } = new();

        public Task Task { get; set; } = Task.CompletedTask;
    }
}
