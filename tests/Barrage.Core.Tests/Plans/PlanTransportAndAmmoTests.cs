namespace Barrage.Plans;

/// <summary>Plan fields for the transport, ammo, outputs and shared iterations.</summary>
public sealed class PlanTransportAndAmmoTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("barrage-plan-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void HttpTlsOutputsAndSharedIterations_AreRead()
    {
        var plan = PlanLoader.Parse("""
            target: https://127.0.0.1:8443
            load: { users: 4, shared_iterations: 1000 }
            http: { keepalive: false, connect_timeout: 2s, timeout: 1500ms }
            tls: { verify: false }
            outputs: [ phout ]
            scenario: { main: [ { get: / } ] }
            """, "p.yaml");

        Assert.False(plan.Transport.KeepAlive);
        Assert.Equal(TimeSpan.FromSeconds(2), plan.Transport.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), plan.Transport.RequestTimeout);
        Assert.False(plan.Transport.VerifyCertificates);
        Assert.Equal(["phout"], plan.Outputs);
        Assert.Equal(1000, plan.Load.SharedIterations);
        Assert.Null(plan.Load.Duration);
    }

    [Fact]
    public void Defaults_KeepAliveAndVerifyCertificates()
    {
        var plan = PlanLoader.Parse("target: builtin\nload: { iterations: 1 }\nscenario: { main: [ { get: / } ] }\n", "p.yaml");

        Assert.True(plan.Transport.KeepAlive);
        Assert.True(plan.Transport.VerifyCertificates);
        Assert.Empty(plan.Outputs);
        Assert.Null(plan.Ammo);
    }

    [Fact]
    public void Ammo_ShortAndLongForms_ResolveRelativeToThePlan()
    {
        Write("requests.ammo", "/\n");
        var shortForm = PlanLoader.LoadFile(Write("a.yaml", "target: builtin\nload: { iterations: 1 }\nammo: requests.ammo\n"));
        var longForm = PlanLoader.LoadFile(Write("b.yaml", "target: builtin\nload: { iterations: 1 }\nammo: { file: requests.ammo, style: uri, loop: false }\n"));

        var expected = Path.Combine(_dir, "requests.ammo");
        Assert.Equal(new AmmoSpec(expected), shortForm.Ammo);
        Assert.Equal(new AmmoSpec(expected, "uri", Loop: false), longForm.Ammo);
        Assert.Empty(shortForm.Scenario.Main);
    }

    [Fact]
    public void Ammo_Mistakes_AreReportedWithPositions()
    {
        var path = Write("bad.yaml", """
            target: builtin
            load: { iterations: 1 }
            ammo: { file: missing.ammo, style: uripst, loop: maybe }
            scenario: { main: [ { get: / } ] }
            http: { keepalive: yes, timeout: -1s }
            outputs: [ phot ]
            """);

        var e = Assert.Throws<PlanException>(() => PlanLoader.LoadFile(path));

        var messages = e.Errors.Select(x => x.ToString()).ToList();
        Assert.Contains(messages, m => m.StartsWith($"{path}:3:7: 'ammo' supplies the requests of main", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith($"{path}:3:15: ", StringComparison.Ordinal) && m.Contains("ammo file not found", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith($"{path}:3:36: ", StringComparison.Ordinal) && m.Contains("did you mean 'uripost'", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith($"{path}:3:50: ", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith($"{path}:5:20: ", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith($"{path}:5:34: ", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith($"{path}:6:12: ", StringComparison.Ordinal) && m.Contains("did you mean 'phout'", StringComparison.Ordinal));
    }

    [Fact]
    public void NeitherScenarioNorAmmo_IsReported()
    {
        var e = Assert.Throws<PlanException>(() => PlanLoader.Parse("target: builtin\nload: { iterations: 1 }\n", "p.yaml"));

        Assert.Contains(e.Errors, x => x.Message.Contains("missing required field 'scenario' (or 'ammo'", StringComparison.Ordinal));
    }
}
