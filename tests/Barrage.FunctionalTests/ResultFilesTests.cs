using System.Diagnostics;

namespace Barrage.FunctionalTests;

/// <summary>Where the result files go: directories made as needed, and a full disk that leaves no half-written summary.</summary>
public sealed class ResultFilesTests : TargetTest
{
    private string Plan() => Dir.File("plan.yaml", $"""
        name: files
        target: {Server.BaseAddress}
        load:
          users: 2
          iterations: 5
        scenario:
          main:
            - get: /
        """);

    [Fact]
    public async Task RunAndMerge_IntoDirectoriesThatDoNotExist_CreateThemWithTheirParents()
    {
        var outDir = Path.Combine(Dir.Path, "ci", "results", "run");
        var mergedDir = Path.Combine(Dir.Path, "ci", "merged", "all");

        var (code, output) = await CliProcess.RunAsync("run", Plan(), "--out", outDir, "--store", Path.Combine(Dir.Path, "runs.db"));
        var (mergeCode, merged) = await CliProcess.RunAsync("merge", outDir, "--out", mergedDir);

        Assert.True(code == 0, output);
        Assert.Equal(10, ReadSummary(outDir).GetProperty("requests").GetInt64());
        Assert.Equal(10, File.ReadLines(Path.Combine(outDir, "phout.log")).Count());
        Assert.True(File.Exists(Path.Combine(outDir, "report.html")), output);
        Assert.True(mergeCode == 0, merged);
        Assert.Equal(10, ReadSummary(mergedDir).GetProperty("requests").GetInt64());
    }

    [TmpfsFact]
    public async Task Run_OnAFullDisk_LeavesNoEmptySummaryJson_SaysSoInOneLine_AndTheRunIsStillRecorded()
    {
        using var disk = FullDisk(earlierSummary: false);
        var outDir = Path.Combine(disk.Path, "out");
        var store = Path.Combine(Dir.Path, "runs.db");

        var (code, output) = await CliProcess.RunAsync("run", Plan(), "--out", outDir, "--store", store);

        // The test itself passed; its files are what failed, and the exit code says so (a CI job must not read a pass).
        Assert.True(code == 6, output);
        var summaryPath = Path.Combine(outDir, "summary.json");
        Assert.Single(output.Split('\n'), line => line.StartsWith($"error: could not write {summaryPath}: No space left on device", StringComparison.Ordinal));
        Assert.Contains("error: the test passed, but results were lost (above): exit code 6.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.False(File.Exists(summaryPath), output);
        // No temporary file left behind either, for the summary or the reports: only the (empty) phout.log.
        Assert.Equal(["phout.log"], Directory.GetFiles(outDir).Select(Path.GetFileName));
        Assert.Contains($"run #1 recorded in {store}", output, StringComparison.Ordinal);
        var (showCode, shown) = await CliProcess.RunAsync("show", "last", "--store", store);
        Assert.True(showCode == 0, shown);
        Assert.Contains("Summary: files", shown, StringComparison.Ordinal);
    }

    [TmpfsFact]
    public async Task Run_OnAFullDisk_RemovesAnEarlierRunsSummaryJson_RatherThanLeaveItForThisOnes()
    {
        using var disk = FullDisk(earlierSummary: true);
        var outDir = Path.Combine(disk.Path, "out");

        var (code, output) = await CliProcess.RunAsync("run", Plan(), "--out", outDir, "--store", Path.Combine(Dir.Path, "runs.db"));

        Assert.True(code == 6, output);
        Assert.Contains($"error: could not write {Path.Combine(outDir, "summary.json")}", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(outDir, "summary.json")), output);
    }

    [TmpfsFact]
    public async Task Run_OnAFullDisk_WithAFailedThreshold_StillExits1_TheVerdictComesFirst()
    {
        using var disk = FullDisk(earlierSummary: false);

        var (code, output) = await CliProcess.RunAsync("run", Plan(), "--out", Path.Combine(disk.Path, "out"),
            "--store", Path.Combine(Dir.Path, "runs.db"), "--threshold", "p50 < 1us");

        Assert.True(code == 1, output);
        Assert.Contains("error: could not write", output, StringComparison.Ordinal);
        Assert.DoesNotContain("exit code 6", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_WhoseSummaryCannotBeWritten_Exits6_NotAsBadInput()
    {
        var store = Path.Combine(Dir.Path, "runs.db");
        var outDir = Path.Combine(Dir.Path, "run");
        var (code, output) = await CliProcess.RunAsync("run", Plan(), "--out", outDir, "--store", store);
        Assert.True(code == 0, output);
        var blocker = Dir.File("not-a-directory", "a file where the output directory's parent should be");

        var (mergeCode, merged) = await CliProcess.RunAsync("merge", outDir, "--out", Path.Combine(blocker, "merged"));

        Assert.True(mergeCode == 6, merged);
        Assert.Contains($"error: could not write {Path.Combine(blocker, "merged", "summary.json")}", merged, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", merged, StringComparison.Ordinal);
    }

    /// <summary>A tmpfs holding an empty <c>out</c> directory (or one with an earlier run's summary.json), then filled up.</summary>
    private Tmpfs FullDisk(bool earlierSummary)
    {
        var disk = Tmpfs.Mount(Path.Combine(Dir.Path, "disk"));
        var outDir = Directory.CreateDirectory(Path.Combine(disk.Path, "out")).FullName;
        if (earlierSummary)
            File.WriteAllText(Path.Combine(outDir, "summary.json"), """{ "requests": 1 }""");
        disk.Fill();
        return disk;
    }
}

/// <summary>A fact that needs a small tmpfs to fill up: skipped (with the reason) where mounting one is not permitted.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (Tmpfs.Unavailable.Value is { } reason)
            Skip = reason;
    }
}

/// <summary>A 64 KiB tmpfs, mounted with mount(8) (this needs root, or CAP_SYS_ADMIN) and unmounted when disposed.</summary>
internal sealed class Tmpfs : IDisposable
{
    private Tmpfs(string path) => Path = path;

    public string Path { get; }

    /// <summary>Null when a tmpfs can be mounted here; otherwise why not (tried once, on a directory of its own).</summary>
    public static readonly Lazy<string?> Unavailable = new(() =>
    {
        if (!OperatingSystem.IsLinux())
            return "tmpfs is Linux's";
        var probe = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "barrage-tmpfs-probe-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(probe);
        try
        {
            if (Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe) is { } error)
                return $"cannot mount a tmpfs here: {error}";
            Run("umount", probe);
            return null;
        }
        finally
        {
            Directory.Delete(probe);
        }
    });

    public static Tmpfs Mount(string directory)
    {
        Directory.CreateDirectory(directory);
        if (Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", directory) is { } error)
            throw new InvalidOperationException($"mount {directory}: {error}");
        return new Tmpfs(directory);
    }

    /// <summary>Writes a file until the disk is full.</summary>
    public void Fill()
    {
        // Unbuffered: nothing is left to fail in Dispose.
        using var filler = new FileStream(System.IO.Path.Combine(Path, "filler"), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var block = new byte[4096];
        try
        {
            for (var i = 0; i < 1024; i++)
                filler.Write(block);
        }
        catch (IOException)
        {
            return; // full
        }
        throw new InvalidOperationException($"{Path} did not fill up");
    }

    public void Dispose() => Run("umount", Path);

    /// <summary>Null when the command succeeded, else what it printed.</summary>
    private static string? Run(string command, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? null : $"{command} exited {process.ExitCode}: {error.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{command}: {e.Message}";
        }
    }
}
