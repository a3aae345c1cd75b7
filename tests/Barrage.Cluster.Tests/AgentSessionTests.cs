using Barrage.Cluster.Protocol;
using Barrage.Plans;
using Barrage.Transport;

namespace Barrage.Cluster.Tests;

/// <summary>What an agent refuses before any load, and why.</summary>
public sealed class AgentSessionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("barrage-agent-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static RunOffer Offer(string yaml, string tokenHash = "", int index = 0, int count = 2) => new(
        "run1", tokenHash, index, count, PlanBundle.Create("p.yaml", yaml, []), new PlanOverrides(), "http://127.0.0.1:1/", null, false, Protocol: Wire.Protocol);

    private const string Good = "target: http://127.0.0.1:1/\nload: { users: 2, iterations: 1 }\nscenario: { main: [ { get: / } ] }\n";

    [Fact]
    public void AGoodOffer_IsTaken()
    {
        Assert.NotNull(AgentSession.Prepare(Offer(Good), "", _dir, null, out var refusal));
        Assert.Null(refusal);
    }

    [Fact]
    public void AnotherToken_IsRefused()
    {
        Assert.Null(AgentSession.Prepare(Offer(Good, tokenHash: Wire.TokenHash("x")), Wire.TokenHash("y"), _dir, null, out var refusal));
        Refused(refusal, "token does not match");
    }

    [Fact]
    public void AnOfferFromAnotherRelease_IsRefused_SayingSo()
    {
        Assert.Null(AgentSession.Prepare(Offer(Good) with { Protocol = Wire.Protocol + 1 }, "", _dir, null, out var refusal));
        Refused(refusal, $"the coordinator runs another Barrage release (cluster protocol {Wire.Protocol + 1}, this one {Wire.Protocol})");

        // A coordinator from before the protocol had a version sends none: its offer reads as protocol 0, shown as 1.
        var json = System.Text.Encoding.UTF8.GetString(Wire.Encode(Offer(Good)));
        var old = Wire.Decode<RunOffer>(System.Text.Encoding.UTF8.GetBytes(json.Replace($",\"protocol\":{Wire.Protocol}", "", StringComparison.Ordinal)));
        Assert.NotNull(old);
        Assert.Equal(0, old.Protocol);
        Assert.Null(AgentSession.Prepare(old, "", _dir, null, out refusal));
        Refused(refusal, "(cluster protocol 1, this one 3): run the same release on the coordinator and every agent");

        // The release before phout chunks were acknowledged: its agents would blast chunks nobody acknowledges.
        Assert.Null(AgentSession.Prepare(Offer(Good) with { Protocol = 2 }, "", _dir, null, out refusal));
        Refused(refusal, "(cluster protocol 2, this one 3)");
    }

    [Fact]
    public void ABundleThatDoesNotMatchItsHash_IsRefused()
    {
        var offer = Offer(Good);
        offer = offer with { Bundle = offer.Bundle with { Yaml = Good.Replace("users: 2", "users: 200", StringComparison.Ordinal) } };

        Assert.Null(AgentSession.Prepare(offer, "", _dir, null, out var refusal));
        Refused(refusal, "does not match its hash");
    }

    [Fact]
    public void APlanWithAMistake_IsRefusedWithItsPosition()
    {
        Assert.Null(AgentSession.Prepare(Offer("target: http://127.0.0.1:1/\nload: { users: zero }\nscenario: { main: [ { get: / } ] }\n"), "", _dir, null, out var refusal));
        Refused(refusal, "p.yaml:2:");
    }

    [Fact]
    public void AShareOutsideItsCount_IsRefused()
    {
        Assert.Null(AgentSession.Prepare(Offer(Good, index: 2, count: 2), "", _dir, null, out var refusal));
        Refused(refusal, "share 2 of 2");
    }

    [Fact]
    public void AnAgent_RunsWithTheTransportAProcessAloneWouldPick()
    {
        var session = AgentSession.Prepare(Offer(Good), "", _dir, null, out _);

        Assert.NotNull(session?.Transports);
        Assert.IsType(TransportChoice.Create(new TransportOptions()).GetType(), session.Transports);
    }

    [Fact]
    public void AnAgentLeftWithoutUniqueRows_TakesTheOffer_AndHasNothingToSend()
    {
        // Two rows among three agents: the third gets none, which is no reason to refuse the run.
        var yaml = "target: http://127.0.0.1:1/\ndata: { ids: { csv: ids.csv, order: unique } }\nload: { users: 3, iterations: 1 }\n"
            + "scenario: { main: [ { get: '/${ids.n}' } ] }\n";
        var offer = Offer(yaml, index: 2, count: 3) with
        {
            Bundle = PlanBundle.Create("p.yaml", yaml, new() { ["ids.csv"] = "n\n1\n2\n"u8.ToArray() }),
        };

        var session = AgentSession.Prepare(offer, "", _dir, null, out var refusal);

        Assert.Null(refusal);
        Assert.NotNull(session);
        Assert.Null(session.Transports);
    }

    private static void Refused(string? refusal, string reason)
    {
        Assert.NotNull(refusal);
        Assert.Contains(reason, refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void APluginNamedByAnAbsolutePath_LoadsFromTheCopyThatCameWithThePlan_NotFromThatPath()
    {
        var coordinatorSide = Path.Combine(_dir, "coordinator");
        var plugin = ClusterCoordinatorTests.CopyPlugin(Path.Combine(coordinatorSide, "abs", "lib"));
        var planPath = Path.Combine(coordinatorSide, "plans", "p.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(planPath)!);
        File.WriteAllText(planPath, $"target: http://127.0.0.1:1/\nplugins: [ {plugin} ]\nload: {{ users: 2, iterations: 1 }}\nscenario: {{ main: [ {{ tcp_ping: 127.0.0.1:1 }} ] }}\n");
        var bundle = ClusterCoordinator.Bundle(PlanLoader.LoadFile(planPath), _ => { })!;
        Directory.Delete(coordinatorSide, recursive: true); // the agent has only what came in the offer

        var offer = new RunOffer("run1", "", 0, 2, bundle, new PlanOverrides(), "http://127.0.0.1:1/", null, false, Protocol: Wire.Protocol);
        var session = AgentSession.Prepare(offer, "", Path.Combine(_dir, "agent"), null, out var refusal);

        Assert.True(session is not null, refusal); // loading the plan loaded its plugin: from the agent's copy, the original is gone
        (session.Transports as IDisposable)?.Dispose();
    }

    [Theory]
    [InlineData("scenario: { main: [ { post: '/${users.name}', file: ABS/body.json }, { post: /u, multipart: [ { name: p, file: ABS/photo.png } ] } ] }")]
    [InlineData("ammo: ABS/ammo.txt")]
    public void FilesNamedByAbsolutePaths_AreReadFromTheCopiesThatCameWithThePlan_NotFromThosePaths(string uses)
    {
        var coordinatorSide = Path.Combine(_dir, "coordinator");
        var abs = Directory.CreateDirectory(Path.Combine(coordinatorSide, "abs")).FullName;
        File.WriteAllText(Path.Combine(abs, "users.csv"), "name\nalice\n");
        File.WriteAllText(Path.Combine(abs, "body.json"), "{}");
        File.WriteAllText(Path.Combine(abs, "photo.png"), "png");
        File.WriteAllText(Path.Combine(abs, "ammo.txt"), "/a\n/b\n");
        var planPath = Path.Combine(coordinatorSide, "plans", "p.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(planPath)!);
        File.WriteAllText(planPath, $"target: http://127.0.0.1:1/\ndata: {{ users: {{ csv: {abs}/users.csv }} }}\nload: {{ users: 2, iterations: 1 }}\n{uses.Replace("ABS", abs)}\n");
        var plan = PlanLoader.LoadFile(planPath);
        var bundle = ClusterCoordinator.Bundle(plan, _ => { })!;
        Directory.Delete(coordinatorSide, recursive: true); // the agent has only what came in the offer

        // The offer's ammo as the coordinator makes it: by its key in the bundle.
        var ammo = plan.Ammo is { } a ? a with { Path = PlanBundle.KeyOf(planPath, a.Path) } : null;
        var offer = new RunOffer("run1", "", 0, 2, bundle, new PlanOverrides(), "http://127.0.0.1:1/", ammo, false, Protocol: Wire.Protocol);
        var session = AgentSession.Prepare(offer, "", Path.Combine(_dir, "agent"), null, out var refusal);

        Assert.True(session is not null, refusal);
        Assert.NotNull(session.Transports); // a share with requests to send, read from the copies
        (session.Transports as IDisposable)?.Dispose();
    }
}
