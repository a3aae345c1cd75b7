using System.Security.Cryptography;
using System.Text;

namespace Barrage.Cluster.Protocol;

/// <summary>
/// A plan as it travels to agents: the YAML text, the files it names (by a name of their own), and a hash of
/// all of it that the agent checks, so every agent runs exactly the coordinator's version.
/// </summary>
/// <param name="FileName">The plan file's name (errors quote it).</param>
/// <param name="Yaml">The plan file's text.</param>
/// <param name="Files">The files the plan names (ammo, data, bodies, uploads, plugins and the files beside them), by key.</param>
/// <param name="Hash">SHA-256 of the text, the files and the paths' keys, hex.</param>
/// <param name="Paths">
/// Each file the plan names (data, body, upload, ammo, plugin) by its full path on the coordinator → its key in
/// <see cref="Files"/>: an agent reads that copy.
/// </param>
internal sealed record PlanBundle(string FileName, string Yaml, Dictionary<string, byte[]> Files, string Hash, Dictionary<string, string>? Paths = null)
{
    /// <summary>A bundle of <paramref name="yaml"/>, <paramref name="files"/> and the coordinator's paths of those the plan names, hashed.</summary>
    public static PlanBundle Create(string fileName, string yaml, Dictionary<string, byte[]> files, Dictionary<string, string>? paths = null) =>
        new(fileName, yaml, files, HashOf(yaml, files, paths), paths);

    /// <summary>
    /// Where the agent reads a file the plan names by <paramref name="fullPath"/> (as resolved on the agent): the copy
    /// that came with the plan, under <paramref name="planDirectory"/>. A path named relative to the plan already lies
    /// there; one named absolutely is found by the coordinator's path, so the agent never reads its own file system.
    /// </summary>
    public string Location(string planDirectory, string fullPath) =>
        Paths is not null && Paths.TryGetValue(fullPath, out var key) ? Path.GetFullPath(Path.Combine(planDirectory, key)) : fullPath;

    /// <summary>A file's key: its path relative to the plan's directory, as the plan names it when it names it relatively.</summary>
    public static string KeyOf(string planPath, string filePath) =>
        Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(planPath))!, Path.GetFullPath(filePath)).Replace('\\', '/');

    /// <summary>
    /// Writes the plan and its files under <paramref name="root"/>, keeping their places relative to each other (the plan
    /// goes deep enough that <c>../</c> keys stay inside), and returns the plan file's path; null when a key would leave
    /// <paramref name="root"/>.
    /// </summary>
    public string? Unpack(string root)
    {
        root = Path.GetFullPath(root);
        var depth = Files.Keys.Select(k => k.Split('/').TakeWhile(part => part == "..").Count()).DefaultIfEmpty(0).Max();
        var planDir = Path.Combine([root, "plan", .. Enumerable.Repeat("in", depth)]);
        Directory.CreateDirectory(planDir);
        foreach (var (key, bytes) in Files)
        {
            var path = Path.GetFullPath(Path.Combine(planDir, key));
            if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                return null;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
        var planPath = Path.Combine(planDir, Path.GetFileName(FileName));
        File.WriteAllText(planPath, Yaml);
        return planPath;
    }

    /// <summary>True when the content still hashes to <see cref="Hash"/>.</summary>
    public bool IsIntact => HashOf(Yaml, Files, Paths) == Hash;

    private static string HashOf(string yaml, Dictionary<string, byte[]> files, Dictionary<string, string>? paths)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(yaml));
        foreach (var (name, bytes) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"\0{name}\0{bytes.Length}\0"));
            sha.AppendData(bytes);
        }
        foreach (var (path, key) in (paths ?? []).OrderBy(p => p.Key, StringComparer.Ordinal))
            sha.AppendData(Encoding.UTF8.GetBytes($"\0path\0{path}\0{key}"));
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
