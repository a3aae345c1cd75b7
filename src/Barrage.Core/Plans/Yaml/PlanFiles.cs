namespace Barrage.Plans.Yaml;

/// <summary>Files a plan names (data, ammo, bodies, uploads, plugins): relative to the plan's folder, and they must exist.</summary>
internal static class PlanFiles
{
    /// <summary>The full path of <paramref name="file"/>; a missing file is reported at <paramref name="value"/>.</summary>
    public static string Resolve(string file, YamlValue value, NodeReader reader, string what = "file")
    {
        var full = FullPath(file, value, reader);
        if (!File.Exists(full))
            reader.Error(value, $"{what} not found: {full}");
        return full;
    }

    /// <summary>
    /// Where <paramref name="file"/>, named at <paramref name="value"/> relative to its plan's folder or absolutely, is read
    /// from: its full path, or the copy <see cref="NodeReader.FileLocation"/> says stands in for it.
    /// </summary>
    public static string FullPath(string file, YamlValue value, NodeReader reader)
    {
        var planDirectory = Path.GetDirectoryName(Path.GetFullPath(value.Node.Start.File)) ?? ".";
        var full = Path.GetFullPath(Path.Combine(planDirectory, file));
        return reader.FileLocation is { } locate ? locate(full) : full;
    }
}
