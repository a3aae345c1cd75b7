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

    [Fact]
    public void Location_AFileNamedByTheCoordinatorsPath_IsItsUnpackedCopy_AnyOtherPathStaysAsItIs()
    {
        var bundle = PlanBundle.Create("p.yaml", "name: p", new() { ["../../abs/d.csv"] = [1] }, new() { ["/coord/abs/d.csv"] = "../../abs/d.csv" });
        var travelled = Wire.Decode<PlanBundle>(Wire.Encode(bundle))!;

        Assert.True(travelled.IsIntact);
        Assert.Equal("/agent/plan/abs/d.csv", travelled.Location("/agent/plan/in/in", "/coord/abs/d.csv"));
        Assert.Equal("/agent/plan/in/in/near.csv", travelled.Location("/agent/plan/in/in", "/agent/plan/in/in/near.csv"));
        Assert.Equal("/coord/other.csv", travelled.Location("/agent/plan/in/in", "/coord/other.csv"));
        Assert.Equal("/x/y.csv", PlanBundle.Create("p.yaml", "name: p", []).Location("/agent/plan", "/x/y.csv"));
        Assert.False((travelled with { Paths = new() { ["/coord/abs/e.csv"] = "../../abs/d.csv" } }).IsIntact);
    }

    [Fact]
    public void Unpack_KeepsFilesWhereThePlanNamesThem_RelativeToIt_InsideTheRoot()
    {
        var root = Directory.CreateTempSubdirectory("barrage-bundle-").FullName;
        try
        {
            var bundle = PlanBundle.Create("p.yaml", "name: p", new() { ["../data/ammo.txt"] = [1], ["near.txt"] = [2] });

            var plan = bundle.Unpack(root);

            Assert.NotNull(plan);
            Assert.Equal("name: p", File.ReadAllText(plan));
            var dir = Path.GetDirectoryName(plan)!;
            Assert.Equal([1], File.ReadAllBytes(Path.Combine(dir, "../data/ammo.txt")));
            Assert.Equal([2], File.ReadAllBytes(Path.Combine(dir, "near.txt")));
            Assert.StartsWith(root, Path.GetFullPath(Path.Combine(dir, "../data/ammo.txt")), StringComparison.Ordinal);
            Assert.Null(PlanBundle.Create("p.yaml", "name: p", new() { ["/etc/evil"] = [1] }).Unpack(root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
