namespace Barrage.Plans;

/// <summary>
/// <see cref="PlanLoader.LoadFile(string, Func{string, string}?)"/>: every file a plan names is read from where the
/// location says (a cluster agent's copies), whether the plan named it relatively or absolutely.
/// </summary>
public class PlanFileLocationTests
{
    [Fact]
    public void DataBodyAndUploadFiles_AreReadFromWhereTheLocationSays_GivenTheFullPathsThePlanNames()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "copy"));
        dir.Write("copy/users.csv", "name\nfrom-the-copy\n");
        dir.Write("copy/body.json", "{}");
        dir.Write("copy/photo.png", "png");
        var plan = dir.Write("plan.yaml", """
            target: http://127.0.0.1:1/
            data: { users: { csv: in/users.csv } }
            load: { users: 1, iterations: 1 }
            scenario:
              main:
                - post: '/${users.name}'
                  file: /nowhere/body.json
                - post: /u
                  multipart: [ { name: p, file: ../photo.png } ]
            """);
        var asked = new List<string>();

        var loaded = PlanLoader.LoadFile(plan, full => { asked.Add(full); return Path.Combine(dir.Path, "copy", Path.GetFileName(full)); });

        Assert.Equal([Path.Combine(dir.Path, "in", "users.csv"), "/nowhere/body.json", Path.GetFullPath(Path.Combine(dir.Path, "..", "photo.png"))], asked);
        Assert.Equal(["from-the-copy"], loaded.Data.Single().Rows.Select(r => r[0]));
        var requests = loaded.Scenario.AllActivities().OfType<RequestActivity>().ToList();
        Assert.Equal(Path.Combine(dir.Path, "copy", "body.json"), requests[0].File);
        Assert.Equal(Path.Combine(dir.Path, "copy", "photo.png"), requests[1].Multipart!.Single().File);
    }

    [Fact]
    public void AnAmmoFile_IsReadFromWhereTheLocationSays_AndAMissingCopyIsReportedThere()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "copy"));
        dir.Write("copy/ammo.txt", "/a\n");
        var plan = dir.Write("plan.yaml", "target: http://127.0.0.1:1/\nammo: /nowhere/ammo.txt\nload: { users: 1, iterations: 1 }\n");

        var loaded = PlanLoader.LoadFile(plan, full => Path.Combine(dir.Path, "copy", Path.GetFileName(full)));
        var e = Assert.Throws<PlanException>(() => PlanLoader.LoadFile(plan, _ => Path.Combine(dir.Path, "gone", "ammo.txt")));

        Assert.Equal(Path.Combine(dir.Path, "copy", "ammo.txt"), loaded.Ammo!.Path);
        Assert.Equal([$"ammo: ammo file not found: {Path.Combine(dir.Path, "gone", "ammo.txt")}"], e.Errors.Select(x => x.Message));
    }
}
