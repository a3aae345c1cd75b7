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
