using Barrage.Plans;

namespace Barrage.Cluster.Tests;

/// <summary>What the coordinator sends with a plan, without NATS.</summary>
public sealed class ClusterCoordinatorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("barrage-coordinator-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void FilesOf_APlan_AreItsDataBodiesAndUploads_EachOnce()
    {
        File.WriteAllText(Path.Combine(_dir, "users.csv"), "name\nalice\n");
        File.WriteAllText(Path.Combine(_dir, "body.json"), "{}");
        File.WriteAllText(Path.Combine(_dir, "photo.png"), "png");
        var path = Path.Combine(_dir, "files.yaml");
        File.WriteAllText(path, $$"""
            target: http://127.0.0.1:1/
            data: { users: { csv: users.csv } }
            load: { users: 1, iterations: 1 }
            scenario:
              main:
                - post: /a
                  file: body.json
                - post: /b
                  multipart: [ { name: photo, file: photo.png }, { name: who, value: "${users.name}" } ]
                - post: /c
                  file: body.json
            """);

        var files = ClusterCoordinator.FilesOf(PlanLoader.LoadFile(path));

        Assert.Equal(new[] { "users.csv", "body.json", "photo.png" }.Select(f => Path.Combine(_dir, f)), files);
    }

    [Fact]
    public void Bundle_MapsEveryFileThePlanNames_RelativelyOrAbsolutely_FromItsFullPathToItsKey()
    {
        var abs = Directory.CreateDirectory(Path.Combine(_dir, "abs")).FullName;
        File.WriteAllText(Path.Combine(abs, "users.csv"), "name\nalice\n");
        File.WriteAllText(Path.Combine(abs, "body.json"), "{}");
        Directory.CreateDirectory(Path.Combine(_dir, "plans"));
        File.WriteAllText(Path.Combine(_dir, "plans", "photo.png"), "png");
        var path = Path.Combine(_dir, "plans", "files.yaml");
        File.WriteAllText(path, $$"""
            target: http://127.0.0.1:1/
            data: { users: { csv: {{abs}}/users.csv } }
            load: { users: 1, iterations: 1 }
            scenario:
              main:
                - post: /a
                  file: {{abs}}/body.json
                - post: /b
                  multipart: [ { name: photo, file: photo.png } ]
            """);

        var bundle = ClusterCoordinator.Bundle(PlanLoader.LoadFile(path), _ => { })!;

        Assert.Equal(
            new Dictionary<string, string>
            {
                [Path.Combine(abs, "users.csv")] = "../abs/users.csv",
                [Path.Combine(abs, "body.json")] = "../abs/body.json",
                [Path.Combine(_dir, "plans", "photo.png")] = "photo.png",
            },
            bundle.Paths);
        Assert.Equal(bundle.Paths!.Values.Order(StringComparer.Ordinal), bundle.Files.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>A copy of the example plugin in <paramref name="folder"/> (under the temp dir), with a deps.json, a library and a note beside it.</summary>
    internal static string CopyPlugin(string folder)
    {
        Directory.CreateDirectory(folder);
        var plugin = Path.Combine(folder, PluginFile);
        File.Copy(Path.Combine(AppContext.BaseDirectory, PluginFile), plugin);
        // a well-formed one: the runtime's resolver aborts the process on a malformed deps.json beside a plugin
        File.WriteAllText(Path.Combine(folder, "Barrage.Examples.Plugin.deps.json"), """
            {
              "runtimeTarget": { "name": ".NETCoreApp,Version=v10.0", "signature": "" },
              "targets": { ".NETCoreApp,Version=v10.0": { "Barrage.Examples.Plugin/0.1.0": { "runtime": { "Barrage.Examples.Plugin.dll": {} } } } },
              "libraries": { "Barrage.Examples.Plugin/0.1.0": { "type": "project", "serviceable": false, "sha512": "" } }
            }
            """);
        File.WriteAllText(Path.Combine(folder, "Helper.dll"), "not really");
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "stays behind");
        return plugin;
    }

    internal const string PluginFile = "Barrage.Examples.Plugin.dll";

    [Fact]
    public void Bundle_CarriesEachPlugin_WithTheDllsAndDepsJsonOfItsFolder()
    {
        CopyPlugin(Path.Combine(_dir, "lib"));
        var path = Path.Combine(_dir, "plan", "p.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"target: http://127.0.0.1:1/\nplugins: [ ../lib/{PluginFile} ]\nload: {{ users: 1, iterations: 1 }}\nscenario: {{ main: [ {{ tcp_ping: 127.0.0.1:1 }} ] }}\n");

        var bundle = ClusterCoordinator.Bundle(PlanLoader.LoadFile(path), _ => { });

        Assert.NotNull(bundle);
        Assert.Equal(["../lib/Barrage.Examples.Plugin.deps.json", "../lib/Barrage.Examples.Plugin.dll", "../lib/Helper.dll"], bundle.Files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal($"../lib/{PluginFile}", bundle.Paths![Path.Combine(_dir, "lib", PluginFile)]);
        Assert.True(bundle.IsIntact);
        Assert.False((bundle with { Paths = new() { ["/elsewhere.dll"] = $"../lib/{PluginFile}" } }).IsIntact);
    }

    [Fact]
    public void Bundle_APluginFolderOverTheLimit_IsRefusedWithTheReason()
    {
        var plugin = CopyPlugin(Path.Combine(_dir, "big"));
        using (var big = File.Create(Path.Combine(_dir, "big", "Huge.dll")))
            big.SetLength(ClusterCoordinator.MaxPluginFolderBytes); // sparse: nothing is written
        var path = Path.Combine(_dir, "p.yaml");
        File.WriteAllText(path, $"target: http://127.0.0.1:1/\nplugins: [ {plugin} ]\nload: {{ users: 1, iterations: 1 }}\nscenario: {{ main: [ {{ tcp_ping: 127.0.0.1:1 }} ] }}\n");
        var log = new List<string>();

        Assert.Null(ClusterCoordinator.Bundle(PlanLoader.LoadFile(path), log.Add));

        var said = Assert.Single(log);
        Assert.StartsWith($"plugin {PluginFile} cannot travel to the agents: the *.dll and *.deps.json files of its folder", said, StringComparison.Ordinal);
        Assert.Contains("more than 16 MiB; put the plugin and what it needs in a folder of their own", said, StringComparison.Ordinal);
    }
}
