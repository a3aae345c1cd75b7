namespace Barrage.Web.Plans;

/// <summary>
/// The plans a dashboard may start: the YAML files inside its plans folder. A plan is chosen by a name from the
/// listing and nothing else, so <c>../</c>, absolute paths and symbolic links out of the folder name nothing.
/// </summary>
internal sealed class PlanCatalog
{
    private const int MaxDepth = 4;
    private readonly string? _root;

    public PlanCatalog(string? root) => _root = root is null ? null : RealPath(Path.GetFullPath(root));

    /// <summary>True when a plans folder was given (and exists).</summary>
    public bool IsEnabled => _root is not null && Directory.Exists(_root);

    /// <summary>The plans, by name (path relative to the folder, '/' separated), with the file each resolves to.</summary>
    public IReadOnlyDictionary<string, string> List()
    {
        var plans = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!IsEnabled)
            return plans;
        var options = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = MaxDepth, IgnoreInaccessible = true };
        foreach (var file in Directory.EnumerateFiles(_root!, "*", options))
        {
            if (!file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) && !file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
                continue;
            // The file as the disk resolves it, links followed: it must still lie inside the folder.
            if (RealPath(file) is not { } real || !IsInside(real))
                continue;
            plans[Path.GetRelativePath(_root!, file).Replace(Path.DirectorySeparatorChar, '/')] = real;
        }
        return plans;
    }

    /// <summary>The file of the plan named <paramref name="name"/>, or null when the listing has no such name.</summary>
    public string? Resolve(string? name) => name is not null && List().TryGetValue(name, out var path) ? path : null;

    private bool IsInside(string path) =>
        path.StartsWith(_root!.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>The path with every symbolic link in it resolved (as realpath(3)); null for a broken or looping link.</summary>
    internal static string? RealPath(string path, int depth = 0)
    {
        if (depth > 32)
            return null;
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full)!;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                var resolved = RealPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target), depth + 1);
                if (resolved is null)
                    return null;
                next = resolved;
            }
            current = next;
        }
        return current;
    }
}
