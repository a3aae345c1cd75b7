namespace Barrage.Target.Tests;

/// <summary>One target server on a free loopback port per test class, and a client for it.</summary>
public sealed class TargetServerFixture : IAsyncLifetime
{
    public TargetServer Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TargetServer.StartAsync(new TargetServerOptions());
        Client = CreateClient();
    }

    /// <summary>A client of its own (cookies, handler settings) for the server.</summary>
    public HttpClient CreateClient(HttpMessageHandler? handler = null) =>
        new(handler ?? new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None })
        {
            BaseAddress = Server.BaseAddress,
            Timeout = TimeSpan.FromSeconds(10),
        };

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
