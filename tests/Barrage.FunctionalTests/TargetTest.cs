using System.Text.Json;
using Barrage.Target;

namespace Barrage.FunctionalTests;

/// <summary>A test class with its own built-in target on a free loopback port and a temp directory.</summary>
public abstract class TargetTest : IAsyncLifetime
{
    protected TargetServer Server { get; private set; } = null!;

    protected TempDir Dir { get; } = new();

    public async Task InitializeAsync() => Server = await TargetServer.StartAsync(new TargetServerOptions());

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Dir.Dispose();
    }

    protected Uri Url(string path) => new(Server.BaseAddress, path);

    /// <summary>The <c>summary.json</c> a run wrote to <paramref name="outDir"/>.</summary>
    protected static JsonElement ReadSummary(string outDir) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "summary.json"))).RootElement;
}
