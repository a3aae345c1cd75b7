namespace Barrage.Plans.Yaml;

/// <summary>Files a plan names (ammo, uploads): relative to the plan's folder, and they must exist.</summary>
internal static class PlanFiles
{
    /// <summary>The full path of <paramref name="file"/>; a missing file is reported at <paramref name="value"/>.</summary>
    public static string Resolve(string file, YamlValue value, NodeReader reader, string what = "file")
    {
        var planDirectory = Path.GetDirectoryName(Path.GetFullPath(value.Node.Start.File)) ?? ".";
        var full = Path.GetFullPath(Path.Combine(planDirectory, file));
        if (!File.Exists(full))
            reader.Error(value, $"{what} not found: {full}");
        return full;
    }
}
