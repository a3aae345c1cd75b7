using Barrage.Plans;
using Barrage.Target;
using Barrage.Tests.Shared;

namespace Barrage.Scenarios;

/// <summary>
/// A plugin stays loaded while a plan or run uses it, and unloads once nothing does: a long-lived process (an agent,
/// the dashboard) that runs plan after plan, each with its own copy of a plugin, does not keep them all.
/// </summary>
public sealed class PluginLoaderTests : IDisposable
{
    private const string PluginFile = "Barrage.Examples.Plugin.dll";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TheSameUnchangedFile_WhileItsLoadIsHeld_GivesTheSameLoad_AndACopyElsewhere_ItsOwn()
    {
        var a = CopyPlugin("a");
        var b = CopyPlugin("b");

        var first = PluginLoader.Load(a);
        var again = PluginLoader.Load(a);
        var other = PluginLoader.Load(b);

        Assert.Null(first.Error);
        Assert.Same(first, again);
        Assert.NotSame(first.Context, other.Context);
        Assert.Equal(first.Plugins[0].Kind, other.Plugins[0].Kind);
        Assert.Contains(a, PluginLoader.CachedFiles());
    }

    [Fact]
    public async Task APlanStillHeld_KeepsItsPluginLoaded_AndLoadingTheFileAgainGivesItsLoad()
    {
        var plugin = CopyPlugin("held");
        var plan = PlanLoader.LoadFile(_dir.Write("held.yaml", $"target: http://127.0.0.1:1/\nplugins: [ held/{PluginFile} ]\nload: {{ iterations: 1 }}\nscenario: {{ main: [ {{ tcp_ping: '127.0.0.1:1' }} ] }}\n"));
        var activity = Assert.IsType<CustomActivity>(plan.Scenario.Main[0]);

        Assert.False(await PluginContexts.UnloadsAsync(PluginContexts.ContextOf(activity.Body)), "the plugin unloaded while its plan was held");
        Assert.Same(activity.Plugin, PluginLoader.Load(plugin));
        GC.KeepAlive(plan);
    }

    [Fact]
    public async Task APluginThatRan_Unloads_OnceItsPlanAndRunAreDropped()
    {
        await using var target = await TargetServer.StartAsync(new TargetServerOptions());

        var context = await RunOnceAsync(CopyPlugin("once"), target);

        Assert.True(await PluginContexts.UnloadsAsync(context), "the plugin's context is still loaded after its run");
    }

    [Fact]
    public async Task RunAfterRun_EachFromAFreshCopyInANewFolder_EachWorks_AndNoneStaysLoaded()
    {
        await using var target = await TargetServer.StartAsync(new TargetServerOptions());
        using var contexts = new PluginContexts(_dir.Path);
        var folders = new List<string>();

        for (var run = 0; run < 3; run++)
        {
            // as an agent does: the plan's files unpacked into a folder of the run's own, deleted after it
            var plugin = CopyPlugin($"run{run}");
            await RunOnceAsync(plugin, target);
            folders.Add(Path.GetDirectoryName(plugin)!);
            Directory.Delete(folders[^1], recursive: true);
        }

        Assert.Equal(3, contexts.Seen);
        Assert.Equal(0, await contexts.AliveAfterCollectingAsync());
        PluginLoader.Load(CopyPlugin("next")); // the next load forgets the loads nobody holds
        Assert.DoesNotContain(PluginLoader.CachedFiles(), f => folders.Any(d => f.StartsWith(d + Path.DirectorySeparatorChar, StringComparison.Ordinal)));
    }

    private string CopyPlugin(string folder)
    {
        var copy = Path.Combine(Directory.CreateDirectory(Path.Combine(_dir.Path, folder)).FullName, PluginFile);
        File.Copy(Path.Combine(AppContext.BaseDirectory, PluginFile), copy);
        return copy;
    }

    // Not inlined, so that nothing of the plan or the run outlives it on the caller's stack: only the weak reference does.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> RunOnceAsync(string plugin, TargetServer target)
    {
        var path = Path.Combine(Path.GetDirectoryName(plugin)!, "plan.yaml");
        File.WriteAllText(path, $$"""
            target: {{target.BaseAddress}}
            plugins: [ {{PluginFile}} ]
            load: { users: 2, iterations: 3 }
            scenario:
              main:
                - tcp_ping: 127.0.0.1:{{target.BaseAddress.Port}}
                  tag: ping
                - get: /
            """);
        var plan = PlanLoader.LoadFile(path);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var result = await new BarrageRunner(plan, target.BaseAddress).RunAsync(timeout.Token);

        Assert.Equal(6, result.ByTag["ping"].Successes);
        Assert.Equal(6, result.ByTag["GET /"].Successes);
        return PluginContexts.ContextOf(Assert.IsType<CustomActivity>(plan.Scenario.Main[0]).Body);
    }
}
