using System.Runtime.CompilerServices;

namespace Barrage.Tests.Shared;

/// <summary>
/// Linked into the test projects with snapshot tests: compares text with a committed file in a Snapshots folder
/// beside the calling test; BARRAGE_UPDATE_SNAPSHOTS=1 (or a missing file) writes the file instead, and fails.
/// </summary>
internal static class Snapshot
{
    public static void Check(string name, string actual, [CallerFilePath] string caller = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(caller)!, "Snapshots", name);
        if (Environment.GetEnvironmentVariable("BARRAGE_UPDATE_SNAPSHOTS") == "1" || !File.Exists(path))
        {
            File.WriteAllText(path, actual);
            Assert.Fail($"snapshot {path} written; check it and commit it");
        }
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual.ReplaceLineEndings("\n"));
    }
}
