using Barrage.Target;

namespace Barrage.Cluster.Tests;

/// <summary>A test class with its own nats-server and built-in target on free loopback ports, and a temp directory.</summary>
public abstract class ClusterTest : IAsyncLifetime
{
    protected NatsServer Nats { get; } = new();

    protected TargetServer Target { get; private set; } = null!;

    protected string Dir { get; } = Directory.CreateTempSubdirectory("barrage-cluster-").FullName;

    public async Task InitializeAsync()
    {
        await Nats.InitializeAsync();
        Target = await TargetServer.StartAsync(new TargetServerOptions());
    }

    public async Task DisposeAsync()
    {
        await StopParticipantsAsync();
        await Target.DisposeAsync();
        await Nats.DisposeAsync();
        Directory.Delete(Dir, recursive: true);
    }

    /// <summary>Stops the agents and coordinators the test started, before the server and target go.</summary>
    protected abstract Task StopParticipantsAsync();

    /// <summary>A plan file loading the target with <paramref name="load"/> (YAML lines under <c>load:</c>).</summary>
    protected string Plan(string load)
    {
        var path = Path.Combine(Dir, $"plan-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $"""
            name: cluster
            target: {Target.BaseAddress}
            {load}
            scenario:
              main:
                - get: /
            """);
        return path;
    }

    /// <summary>An open-model plan file with <paramref name="schedule"/>.</summary>
    protected string OpenPlan(string schedule) => Plan($"""
        load:
          model: open
          schedule: {schedule}
        """);
}
