using Barrage.Plans;

namespace Barrage.Web.Live;

/// <summary>
/// The runs a dashboard follows, by a number of its own: those it started from the Start page (through the
/// <see cref="IRunLauncher"/>) and the one <c>run --ui</c> attaches. One runs at a time unless allowed.
/// </summary>
internal sealed class RunControl : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, LiveRun> _runs = [];
    private readonly List<Task> _tasks = [];
    private readonly CancellationTokenSource _shutdown = new();
    private readonly IRunLauncher? _launcher;
    private readonly bool _allowConcurrent;
    private int _next;

    public RunControl(IRunLauncher? launcher, bool allowConcurrent)
    {
        _launcher = launcher;
        _allowConcurrent = allowConcurrent;
    }

    public bool CanStart => _launcher is not null;

    /// <summary>The newest run's number, or null before any.</summary>
    public int? Latest
    {
        get
        {
            lock (_gate)
                return _next == 0 ? null : _next;
        }
    }

    public LiveRun? Get(int number)
    {
        lock (_gate)
            return _runs.GetValueOrDefault(number);
    }

    /// <summary>The run directory of a run the dashboard followed, by its store id (for phout.log).</summary>
    public string? DirectoryOf(long runId)
    {
        lock (_gate)
            return _runs.Values.FirstOrDefault(r => r.RunId == runId)?.OutputDirectory;
    }

    /// <summary>True while a run with store id <paramref name="runId"/> goes on (it may not be deleted).</summary>
    public bool IsRunning(long runId)
    {
        lock (_gate)
            return _runs.Values.Any(r => r.RunId == runId && r.IsRunning);
    }

    /// <summary>Follows a run started elsewhere (<c>run --ui</c>); returns its number and feed.</summary>
    public (int Number, LiveRun Run) Attach(string name, CancellationTokenSource stop)
    {
        lock (_gate)
        {
            var run = new LiveRun(name, stop);
            _runs.Add(++_next, run);
            return (_next, run);
        }
    }

    /// <summary>Starts a plan through the launcher; null and an error when another run goes on (or no launcher).</summary>
    public (int Number, LiveRun Run)? TryStart(Plan plan, string outputDirectory, out string? error)
    {
        if (_launcher is null)
        {
            error = "this dashboard cannot start runs";
            return null;
        }
        var stop = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
        LiveRun run;
        int number;
        lock (_gate)
        {
            if (!_allowConcurrent && _runs.Values.Any(r => r.IsRunning))
            {
                error = "a run is already going on: stop it first (or start the dashboard with --concurrent)";
                stop.Dispose();
                return null;
            }
            run = new LiveRun(plan.Name, stop) { OutputDirectory = outputDirectory };
            number = ++_next;
            _runs.Add(number, run);
            _tasks.Add(RunAsync(plan, outputDirectory, run, stop));
        }
        error = null;
        return (number, run);
    }

    private async Task RunAsync(Plan plan, string outputDirectory, LiveRun run, CancellationTokenSource stop)
    {
        // Off the request's thread: the launcher's first steps (ammo, probe) must not hold up the answer.
        await Task.Yield();
        var code = -1;
        try
        {
            code = await _launcher!.RunAsync(plan, outputDirectory, run, stop.Token);
        }
        finally
        {
            run.Finish(code);
            stop.Dispose();
        }
    }

    /// <summary>Stops every run the dashboard started and waits for them.</summary>
    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync();
        Task[] tasks;
        lock (_gate)
            tasks = [.. _tasks];
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (Exception) when (tasks.All(t => t.IsCompleted))
        {
            // A run that failed was already marked finished; shutting down does not report it again.
        }
        _shutdown.Dispose();
    }
}
