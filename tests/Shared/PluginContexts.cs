using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace Barrage.Tests.Shared;

/// <summary>
/// Linked into the test projects that check plugins unload: notes, weakly, every plugin context that loads an
/// assembly from under a folder while it watches, and tells whether the garbage collector has taken them all.
/// </summary>
internal sealed class PluginContexts : IDisposable
{
    private readonly string[] _under;
    private readonly List<WeakReference> _seen = [];

    /// <param name="under">The folders (full paths) whose plugin copies are watched; contexts of other tests' copies are not.</param>
    public PluginContexts(params string[] under)
    {
        _under = [.. under.Select(u => "barrage-plugin:" + Path.TrimEndingDirectorySeparator(u) + Path.DirectorySeparatorChar)];
        AppDomain.CurrentDomain.AssemblyLoad += Loaded;
    }

    /// <summary>How many contexts were seen.</summary>
    public int Seen
    {
        get
        {
            lock (_seen)
                return _seen.Count;
        }
    }

    /// <summary>
    /// How many of those are still alive after up to <paramref name="attempts"/> full collections: zero once each
    /// context has unloaded (its weak reference tracks resurrection, so a context only being unloaded still counts).
    /// </summary>
    public async Task<int> AliveAfterCollectingAsync(int attempts = 20)
    {
        await CollectWhileAsync(() => Alive() > 0, attempts);
        return Alive();
    }

    public void Dispose() => AppDomain.CurrentDomain.AssemblyLoad -= Loaded;

    /// <summary>The context of a plugin's object, weakly, for a test that runs the plugin itself.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static WeakReference ContextOf(object plugin) =>
        new(AssemblyLoadContext.GetLoadContext(plugin.GetType().Assembly) ?? throw new InvalidOperationException("no context"), trackResurrection: true);

    /// <summary>Whether <paramref name="context"/> unloads within <paramref name="attempts"/> full collections.</summary>
    public static async Task<bool> UnloadsAsync(WeakReference context, int attempts = 20)
    {
        await CollectWhileAsync(() => context.IsAlive, attempts);
        return !context.IsAlive;
    }

    // A context unloads over several collections: its finalizer starts the unload, a later collection frees it. And a
    // thread-pool thread holds the last work item it ran (the plugin's last continuation) until it runs another: a busy
    // process (an agent) always has another; an idle test gets one. An in-process agent may also still be ending its
    // session (acknowledgements, its watchdog) when the coordinator's run returns: later attempts wait a little first.
    private static async Task CollectWhileAsync(Func<bool> alive, int attempts)
    {
        for (var i = 0; i < attempts && alive(); i++)
        {
            if (i > 0)
                await Task.Delay(100);
            await Task.Run(static () => { });
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }

    private int Alive()
    {
        lock (_seen)
            return _seen.Count(w => w.IsAlive);
    }

    private void Loaded(object? sender, AssemblyLoadEventArgs e)
    {
        if (AssemblyLoadContext.GetLoadContext(e.LoadedAssembly) is { Name: { } name } context
            && _under.Any(u => name.StartsWith(u, StringComparison.Ordinal)))
        {
            lock (_seen)
                _seen.Add(new WeakReference(context, trackResurrection: true));
        }
    }
}
