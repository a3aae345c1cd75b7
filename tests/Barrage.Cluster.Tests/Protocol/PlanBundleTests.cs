using Barrage.Cluster.Protocol;

namespace Barrage.Cluster.Tests.Protocol;

public sealed class PlanBundleTests
{
    [Fact]
    public void TheHash_CoversTheTextAndEveryFile()
    {
        var bundle = PlanBundle.Create("p.yaml", "name: p", new() { ["ammo.txt"] = [1, 2, 3] });
        var travelled = Wire.Decode<PlanBundle>(Wire.Encode(bundle))!;

        Assert.True(travelled.IsIntact);
        Assert.False((travelled with { Yaml = "name: q" }).IsIntact);
        Assert.False((travelled with { Files = new() { ["ammo.txt"] = [1, 2, 4] } }).IsIntact);
        Assert.NotEqual(bundle.Hash, PlanBundle.Create("p.yaml", "name: p", []).Hash);
    }
}
