using System.Runtime.CompilerServices;

namespace Barrage.Reporting.Reports;

/// <summary>Compares text with a committed file under Snapshots/; BARRAGE_UPDATE_SNAPSHOTS=1 rewrites the file instead.</summary>
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
