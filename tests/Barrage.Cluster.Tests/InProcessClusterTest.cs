using Barrage.Metrics;
using Barrage.Metrics.TimeSeries;
using Barrage.Plans;

namespace Barrage.Cluster.Tests;

/// <summary>A cluster test with in-process agents and coordinators, everything they say collected in <see cref="Log"/>.</summary>
public abstract class InProcessClusterTest : ClusterTest
{
    private readonly CancellationTokenSource _agentsStop = new();
    private readonly List<Task<string?>> _agents = [];

    /// <summary>What the agents and coordinators logged, in order (lock it to read while they run).</summary>
    protected List<string> Log { get; } = [];

    protected override async Task StopParticipantsAsync()
    {
        await _agentsStop.CancelAsync();
        await Task.WhenAll(_agents).WaitAsync(TimeSpan.FromSeconds(15));
    }

    /// <summary>Starts agents a1..aN and waits until each listens.</summary>
    private protected async Task StartAgentsAsync(int count, string? token = null, Action<string>? log = null, string? outDir = null, PhoutShipping? shipping = null)
    {
        for (var i = 0; i < count; i++)
        {
            var agent = new ClusterAgent(new AgentOptions(Nats.Url, $"a{i + 1}", token, outDir), line =>
            {
                Add(line);
                log?.Invoke(line);
            })
            {
                Shipping = shipping ?? PhoutShipping.Default,
            };
            var ready = new TaskCompletionSource();
            agent.Ready += () => ready.TrySetResult();
            _agents.Add(Task.Run(() => agent.RunAsync(_agentsStop.Token)));
            await ready.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    protected Task<ClusterRun?> PrepareAsync(string planPath, ClusterOptions? options = null) =>
        PrepareAsync(planPath, new MetricsCollector(), new TimeSeriesCollector(), options);

    protected async Task<ClusterRun?> PrepareAsync(string planPath, MetricsCollector collector, TimeSeriesCollector series, ClusterOptions? options = null,
        PlanOverrides? overrides = null)
    {
        var plan = PlanLoader.LoadFile(planPath);
        return await ClusterCoordinator.PrepareAsync(options ?? new ClusterOptions(Nats.Url, _agents.Count, TimeSpan.FromSeconds(10)),
            plan, overrides ?? new PlanOverrides(), plan.Target.Url!, collector, series, Add, CancellationToken.None);
    }

    /// <summary>The log as it is now, one line each.</summary>
    protected string LogText()
    {
        lock (Log)
            return string.Join('\n', Log);
    }

    private void Add(string line)
    {
        lock (Log)
            Log.Add(line);
    }
}
