using System.Reflection;
using System.Runtime.Loader;

namespace Barrage.Scenarios;

/// <summary>
/// Where one plugin assembly and its private dependencies load. Whatever the host has (Barrage itself, its libraries,
/// the runtime) is shared rather than loaded again, so the plugin's classes implement the host's own
/// <see cref="IActivityPlugin"/> and not a copy of it; only what the host lacks comes from the plugin's folder.
/// </summary>
/// <remarks>
/// Collectible: once nothing holds it (its <see cref="PluginLoad"/>), the runtime unloads it as soon as the plugin's
/// objects are gone too, so a long-lived agent does not keep every run's plugin. Named after the full path, so a
/// context still alive can be told apart from another copy of the same plugin.
/// </remarks>
internal sealed class PluginLoadContext(string path) : AssemblyLoadContext($"barrage-plugin:{path}", isCollectible: true)
{
    private readonly AssemblyDependencyResolver _resolver = new(path);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        try
        {
            return Default.LoadFromAssemblyName(assemblyName); // shared with the host (a newer version than the host has comes from the plugin)
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException)
        {
            return _resolver.ResolveAssemblyToPath(assemblyName) is { } file ? LoadFromAssemblyPath(file) : null;
        }
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } file ? LoadUnmanagedDllFromPath(file) : IntPtr.Zero;
}
