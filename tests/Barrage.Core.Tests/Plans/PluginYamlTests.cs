namespace Barrage.Plans;

/// <summary><c>plugins:</c> that cannot be loaded are plan mistakes naming the file and the loader's reason.</summary>
public class PluginYamlTests
{
    [Fact]
    public void PluginsThatCannotLoad_AreReportedAtTheirItems_WithTheReason()
    {
        using var dir = new TempDirectory();
        dir.Write("text.dll", "not an assembly");
        File.Copy(typeof(FactAttribute).Assembly.Location, Path.Combine(dir.Path, "xunit.dll"));
        var plan = dir.Write("plan.yaml", """
            target: builtin
            plugins: [ missing.dll, text.dll, xunit.dll ]
            load: { iterations: 1 }
            scenario:
              main:
                - tcp_ping: 127.0.0.1:1
            """);

        var e = Assert.Throws<PlanException>(() => PlanLoader.LoadFile(plan));

        Assert.Equal(
            [
                $"{plan}:2:12: plugins[0]: plugin not found: {Path.Combine(dir.Path, "missing.dll")}",
                $"{plan}:2:25: plugins[1]: cannot load plugin text.dll: it is not a .NET assembly",
                $"{plan}:2:35: plugins[2]: xunit.dll holds no activity plugin: expected a public class implementing Barrage.Scenarios.IActivityPlugin",
                $"{plan}:6:7: scenario.main[0]: unknown activity 'tcp_ping'; is it the activity of the plugin that could not be loaded?",
            ],
            e.Errors.Select(x => x.ToString()));
    }

    [Fact]
    public void PluginLocation_DecidesWhereEachPluginLoadsFrom_GivenTheFullPathThePlanNames()
    {
        using var dir = new TempDirectory();
        var plan = dir.Write("plan.yaml", "target: builtin\nplugins: [ lib/a.dll, /opt/b.dll ]\nload: { iterations: 1 }\nscenario: { main: [ { get: / } ] }\n");
        var asked = new List<string>();

        var e = Assert.Throws<PlanException>(() => PlanLoader.LoadFile(plan, full => { asked.Add(full); return Path.Combine(dir.Path, "copy", Path.GetFileName(full)); }));

        Assert.Equal([Path.Combine(dir.Path, "lib", "a.dll"), "/opt/b.dll"], asked);
        Assert.Equal(
            [$"plugins[0]: plugin not found: {Path.Combine(dir.Path, "copy", "a.dll")}", $"plugins[1]: plugin not found: {Path.Combine(dir.Path, "copy", "b.dll")}"],
            e.Errors.Select(x => x.Message));
    }

    [Fact]
    public void PluginsThatIsNotAList_IsReported() =>
        Assert.Equal(
            "p.yaml:2:10: plugins: expected a list, got 'x.dll'",
            Assert.Throws<PlanException>(() => PlanLoader.Parse("target: builtin\nplugins: x.dll\nload: { iterations: 1 }\nscenario: { main: [ { get: / } ] }", "p.yaml")).Errors.Single().ToString());
}
