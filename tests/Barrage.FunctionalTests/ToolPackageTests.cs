using System.Diagnostics;
using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;

namespace Barrage.FunctionalTests;

/// <summary>
/// The tool package as a user gets it: <c>dotnet pack</c> of the CLI, <c>dotnet tool install</c> from that folder
/// only (no network), then the installed <c>barrage</c> runs. Slow for a test (a minute or two: two ReadyToRun
/// publishes), but nothing short of a real pack and install shows that users get the precompiled package.
/// </summary>
public sealed class ToolPackageTests : TargetTest
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Pack_Install_RunsThisRuntimesReadyToRunPackage_VersionAndHit()
    {
        var rid = RuntimeInformation.RuntimeIdentifier;
        var packaged = rid is "linux-x64" or "linux-arm64";
        var expected = packaged ? rid : "any";
        var feed = Path.Combine(Dir.Path, "feed");
        var toolDir = Path.Combine(Dir.Path, "tool");
        var project = Path.Combine(RepoRoot(), "src", "Barrage.Cli", "Barrage.Cli.csproj");
        await Run("dotnet", "pack", project, "-c", "Release", "-o", feed);

        // The pointer package is the one without a RID in its name: Barrage.Cli.<version>.nupkg.
        var pointer = Directory.GetFiles(feed, "Barrage.Cli.*.nupkg").Single(f => char.IsAsciiDigit(Path.GetFileName(f)["Barrage.Cli.".Length]));
        using (var zip = ZipFile.OpenRead(pointer))
        {
            using var settings = new StreamReader(zip.GetEntry("tools/any/any/DotnetToolSettings.xml")!.Open());
            var text = await settings.ReadToEndAsync();
            foreach (var packageRid in new[] { "linux-x64", "linux-arm64", "any" })
            {
                Assert.Contains($"RuntimeIdentifier=\"{packageRid}\" Id=\"Barrage.Cli.{packageRid}\"", text, StringComparison.Ordinal);
                Assert.Single(Directory.GetFiles(feed, $"Barrage.Cli.{packageRid}.*.nupkg"));
            }
        }
        var config = Dir.File("nuget.config",
            $"""<configuration><packageSources><clear /><add key="here" value="{feed}" /></packageSources></configuration>""");
        await Run("dotnet", "tool", "install", "Barrage.Cli", "--tool-path", toolDir, "--configfile", config);

        // What got installed is this RID's package, with precompiled code in it (or the IL fallback elsewhere).
        var dll = Directory.GetFiles(Path.Combine(toolDir, ".store"), "barrage.dll", SearchOption.AllDirectories).Single();
        Assert.Contains($"barrage.cli.{expected}", dll, StringComparison.Ordinal);
        using (var pe = new PEReader(File.OpenRead(dll)))
            Assert.Equal(packaged, pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0);
        if (packaged)
        {
            // The library's precompiled code includes framework generics over its own types (crossgen2's
            // cross-module options in Barrage.Cli.csproj): its ReadyToRun header says it holds such "unrelated" code.
            var core = Path.Combine(Path.GetDirectoryName(dll)!, "Barrage.Core.dll");
            Assert.True((ReadyToRunFlags(core) & UnrelatedR2RCode) != 0, $"{core} has no cross-module generic code");
        }

        var barrage = Path.Combine(toolDir, "barrage");
        var version = await Run(barrage, "--version");
        Assert.StartsWith("0.1.0", version.Trim(), StringComparison.Ordinal);
        var store = Path.Combine(Dir.Path, "runs.db");
        var hit = await Run(barrage, "hit", Url("/bytes/16").ToString(), "-n", "1", "--store", store);
        Assert.Contains("Summary: hit", hit, StringComparison.Ordinal);
        Assert.Contains($"run #1 recorded in {store}", hit, StringComparison.Ordinal);
        Assert.Equal(1, Server.Stats.Requests);
    }

    /// <summary>READYTORUN_FLAG_UNRELATED_R2R_CODE: the image holds code for generics defined outside its assembly.</summary>
    private const uint UnrelatedR2RCode = 0x80;

    /// <summary>The flags of an assembly's ReadyToRun header (signature "RTR", major, minor, then the flags).</summary>
    private static uint ReadyToRunFlags(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var header = pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory;
        Assert.True(header.Size > 0, $"{path} is not precompiled");
        var bytes = pe.GetSectionData(header.RelativeVirtualAddress).GetContent(0, 12);
        Assert.Equal(0x00525452u, BitConverter.ToUInt32([.. bytes], 0));
        return BitConverter.ToUInt32([.. bytes], 8);
    }

    /// <summary>Runs a process to its end (killed after <see cref="StepTimeout"/>); returns its output, fails on a non-zero exit.</summary>
    private static async Task<string> Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StepTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var text = await output + await error;
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: exit {process.ExitCode}\n{text}");
        return text;
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Barrage.slnx")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Barrage.slnx not found above " + AppContext.BaseDirectory);
    }
}
