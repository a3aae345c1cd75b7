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
}
