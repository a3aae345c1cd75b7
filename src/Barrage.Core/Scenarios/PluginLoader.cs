using System.Reflection;

namespace Barrage.Scenarios;

/// <summary>
/// Loads plugin assemblies (<c>plugins:</c>) and makes one instance of each <see cref="IActivityPlugin"/> they hold.
/// A file that cannot be loaded is a plan mistake with the loader's reason, never an exception.
/// </summary>
/// <remarks>
/// An assembly loads into a collectible context of its own (<see cref="PluginLoadContext"/>). Loading the same unchanged
/// file again (another plan, another test) returns the same load for as long as anything holds it (a plan's plugin
/// activities and the steps compiled from them do); once nothing does, as after an agent's run, the context unloads at a
/// later garbage collection and its entry here goes at the next load, so a long-lived process keeps no run's plugins.
/// </remarks>
internal static class PluginLoader
{
    // Weak: the cache must not be what keeps a plugin loaded. A lock, not a concurrent map: loads are rare and slow,
    // and two plans loading the same file at once must share one context.
    private static readonly Dictionary<(string Path, DateTime Written, long Length), WeakReference<PluginLoad>> s_loaded = [];
    private static readonly Lock s_lock = new();

    /// <summary>The plugins in the assembly at <paramref name="path"/> (a full path), or why there are none.</summary>
    public static PluginLoad Load(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
            return PluginLoad.Failed($"plugin not found: {path}");
        (string Path, DateTime Written, long Length) key = (file.FullName, file.LastWriteTimeUtc, file.Length);
        lock (s_lock)
        {
            if (s_loaded.TryGetValue(key, out var known) && known.TryGetTarget(out var held))
                return held;
            foreach (var (other, load) in s_loaded)
            {
                if (!load.TryGetTarget(out _))
                    s_loaded.Remove(other); // a load nobody holds any more, of a file that may be gone (an agent's last run)
            }
            var loaded = LoadNow(key.Path);
            if (loaded.Error is null)
                s_loaded[key] = new WeakReference<PluginLoad>(loaded);
            return loaded;
        }
    }

    /// <summary>The files whose loads are cached now, held or not yet found unheld (for tests).</summary>
    internal static IReadOnlyList<string> CachedFiles()
    {
        lock (s_lock)
            return [.. s_loaded.Keys.Select(k => k.Path)];
    }

    private static PluginLoad LoadNow(string path)
    {
        var name = Path.GetFileName(path);
        var deps = Path.ChangeExtension(path, ".deps.json");
        if (File.Exists(deps) && PluginDepsFile.Problem(deps) is { } problem)
            return PluginLoad.Failed($"cannot load plugin {name}: {Path.GetFileName(deps)} beside it {problem}");
        var context = new PluginLoadContext(path);
        var found = Find(context, path, name);
        if (found.Error is not null)
            context.Unload(); // nothing of it is used: let it go now rather than at its finalizer
        return found;
    }

    private static PluginLoad Find(PluginLoadContext context, string path, string name)
    {
        Type[] types;
        try
        {
            types = context.LoadFromAssemblyPath(path).GetExportedTypes();
        }
        catch (BadImageFormatException)
        {
            return PluginLoad.Failed($"cannot load plugin {name}: it is not a .NET assembly");
        }
        catch (ReflectionTypeLoadException e)
        {
            var reason = e.LoaderExceptions.FirstOrDefault(x => x is not null)?.Message ?? e.Message;
            return PluginLoad.Failed($"cannot load plugin {name}: {reason}");
        }
        catch (Exception e) when (e is FileLoadException or FileNotFoundException or IOException or TypeLoadException or InvalidOperationException or ArgumentException)
        {
            // FileNotFoundException here names a dependency of the plugin, not the plugin itself
            return PluginLoad.Failed($"cannot load plugin {name}: {e.Message}");
        }

        var plugins = new List<IActivityPlugin>();
        foreach (var type in types.Where(t => t.IsClass && !t.IsAbstract && typeof(IActivityPlugin).IsAssignableFrom(t)))
        {
            if (type.GetConstructor(Type.EmptyTypes) is null)
                return PluginLoad.Failed($"cannot load plugin {name}: {type.FullName} needs a public constructor without parameters");
            try
            {
                plugins.Add((IActivityPlugin)Activator.CreateInstance(type)!);
            }
            catch (TargetInvocationException e)
            {
                return PluginLoad.Failed($"cannot load plugin {name}: the constructor of {type.FullName} failed: {e.InnerException?.Message ?? e.Message}");
            }
        }
        if (plugins.Count > 0)
            return new PluginLoad(plugins, null) { Context = context };
        // A plugin built against another copy of Barrage implements an interface of the same name that is not ours.
        var foreign = types.FirstOrDefault(t => t.GetInterfaces().Any(i => i.FullName == typeof(IActivityPlugin).FullName));
        return PluginLoad.Failed(foreign is null
            ? $"{name} holds no activity plugin: expected a public class implementing {typeof(IActivityPlugin).FullName}"
            : $"cannot load plugin {name}: {foreign.FullName} implements {typeof(IActivityPlugin).FullName} of another Barrage assembly than this one");
    }
}
