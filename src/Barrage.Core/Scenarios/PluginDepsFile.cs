using System.Text.Json;

namespace Barrage.Scenarios;

/// <summary>
/// Checks a plugin's <c>.deps.json</c> before the runtime reads it. The runtime's own reader (the host's, in native
/// code) aborts the whole process on some malformed files, such as <c>{}</c> or a <c>runtimeTarget</c> without a
/// name, where a plan mistake should be an error that names the file; this refuses what that reader would choke on.
/// </summary>
internal static class PluginDepsFile
{
    // The sections of a library in a target whose values are maps of asset paths to objects.
    private static readonly string[] AssetSections = ["runtime", "native", "resources", "compile", "runtimeTargets"];

    /// <summary>What is wrong with the file at <paramref name="path"/>, in words for the user; null when it is fine to load.</summary>
    public static string? Problem(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            return $"is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})";
        }
        catch (IOException e)
        {
            return $"cannot be read: {e.Message}";
        }
        using (document)
            return Check(document.RootElement);
    }

    private static string? Check(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return "is not a JSON object";
        if (!root.TryGetProperty("runtimeTarget", out var runtimeTarget))
            return "has no 'runtimeTarget'";
        if (runtimeTarget.ValueKind != JsonValueKind.String
            && !(runtimeTarget.ValueKind == JsonValueKind.Object && runtimeTarget.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String))
            return "has a 'runtimeTarget' without a 'name'";
        if (root.TryGetProperty("targets", out var targets))
        {
            if (targets.ValueKind != JsonValueKind.Object)
                return "has 'targets' that is not an object";
            foreach (var target in targets.EnumerateObject())
            {
                if (target.Value.ValueKind != JsonValueKind.Object)
                    return $"has target '{target.Name}' that is not an object";
                foreach (var library in target.Value.EnumerateObject())
                {
                    if (LibraryProblem(library.Value) is { } problem)
                        return $"has library '{library.Name}' of target '{target.Name}' with {problem}";
                }
            }
        }
        if (root.TryGetProperty("libraries", out var libraries))
        {
            if (libraries.ValueKind != JsonValueKind.Object)
                return "has 'libraries' that is not an object";
            foreach (var library in libraries.EnumerateObject())
            {
                if (library.Value.ValueKind != JsonValueKind.Object)
                    return $"has library '{library.Name}' that is not an object";
            }
        }
        return null;
    }

    private static string? LibraryProblem(JsonElement library)
    {
        if (library.ValueKind != JsonValueKind.Object)
            return "a value that is not an object";
        foreach (var section in AssetSections)
        {
            if (!library.TryGetProperty(section, out var assets))
                continue;
            if (assets.ValueKind != JsonValueKind.Object)
                return $"'{section}' that is not an object";
            foreach (var asset in assets.EnumerateObject())
            {
                if (asset.Value.ValueKind != JsonValueKind.Object)
                    return $"'{section}' entry '{asset.Name}' that is not an object";
            }
        }
        if (library.TryGetProperty("dependencies", out var dependencies))
        {
            if (dependencies.ValueKind != JsonValueKind.Object)
                return "'dependencies' that is not an object";
            foreach (var dependency in dependencies.EnumerateObject())
            {
                if (dependency.Value.ValueKind != JsonValueKind.String)
                    return $"dependency '{dependency.Name}' whose version is not a string";
            }
        }
        return null;
    }
}
