using NATS.Client.Core;

namespace Barrage.Cluster;

/// <summary>Opens NATS connections the same way for agents and coordinators.</summary>
internal static class NatsConnect
{
    /// <summary>A connected client, or null with a message saying why not.</summary>
    public static async Task<(NatsConnection? Connection, string? Error)> TryAsync(string url, string name, CancellationToken cancel)
    {
        // Reconnect forever: a NATS restart mid-run must not end the run.
        // Reconnect soon too: agents count as lost after 3 s of silence.
        var connection = new NatsConnection(NatsOpts.Default with
        {
            Url = url,
            Name = name,
            MaxReconnectRetry = -1,
            ReconnectWaitMin = TimeSpan.FromMilliseconds(100),
            ReconnectWaitMax = TimeSpan.FromMilliseconds(500),
        });
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10), cancel).ConfigureAwait(false);
            return (connection, null);
        }
        catch (Exception e) when (e is NatsException or TimeoutException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return (null, $"cannot reach NATS at {url}: {e.Message}");
        }
    }
}
