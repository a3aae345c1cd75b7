using System.Collections.Concurrent;
using System.Reflection;

namespace Barrage.Scenarios;

/// <summary>
/// Loads plugin assemblies (<c>plugins:</c>) and makes one instance of each <see cref="IActivityPlugin"/> they hold.
/// A file that cannot be loaded is a plan mistake with the loader's reason, never an exception.
/// </summary>
/// <remarks>
/// An assembly loads once per process, in a context of its own (<see cref="PluginLoadContext"/>); loading the same
/// unchanged file again (another plan, another test) returns what the first load found.
/// </remarks>
internal static class PluginLoader
{
    private static readonly ConcurrentDictionary<(string Path, DateTime Written, long Length), Lazy<PluginLoad>> s_loaded = new();

    /// <summary>The plugins in the assembly at <paramref name="path"/> (a full path), or why there are none.</summary>
    public static PluginLoad Load(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
            return PluginLoad.Failed($"plugin not found: {path}");
        return s_loaded.GetOrAdd((file.FullName, file.LastWriteTimeUtc, file.Length), key => new Lazy<PluginLoad>(() => LoadNow(key.Path))).Value;
    }

    private static PluginLoad LoadNow(string path)
    {
        var name = Path.GetFileName(path);
        var deps = Path.ChangeExtension(path, ".deps.json");
        if (File.Exists(deps) && PluginDepsFile.Problem(deps) is { } problem)
            return PluginLoad.Failed($"cannot load plugin {name}: {Path.GetFileName(deps)} beside it {problem}");
        Type[] types;
        try
        {
            var assembly = new PluginLoadContext(path).LoadFromAssemblyPath(path);
            types = assembly.GetExportedTypes();
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
            return new PluginLoad(plugins, null);
        // A plugin built against another copy of Barrage implements an interface of the same name that is not ours.
        var foreign = types.FirstOrDefault(t => t.GetInterfaces().Any(i => i.FullName == typeof(IActivityPlugin).FullName));
        return PluginLoad.Failed(foreign is null
            ? $"{name} holds no activity plugin: expected a public class implementing {typeof(IActivityPlugin).FullName}"
            : $"cannot load plugin {name}: {foreign.FullName} implements {typeof(IActivityPlugin).FullName} of another Barrage assembly than this one");
    }
}
