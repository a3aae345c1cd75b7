using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Barrage.Target.Recording;

/// <summary>
/// <c>--mitm</c>: a CONNECT tunnel is piped into the proxy's own loopback HTTPS listener, which decrypts it with a
/// certificate for the tunnel's host and hands the requests inside to the same recording handler as plain HTTP. That
/// listener sees only a loopback connection, so this map tells it which <c>host:port</c> each one stands for, keyed
/// by the tunnel's local port (the listener's remote port).
/// </summary>
internal sealed class MitmConnections
{
    private readonly ConcurrentDictionary<int, (string Host, int Port)> _byPort = new();

    /// <summary>The internal HTTPS listener; its bound port is known once the server has started.</summary>
    public ListenOptions? Listener { get; set; }

    /// <summary>Connects <paramref name="socket"/> to the internal listener on behalf of <paramref name="host"/>:<paramref name="port"/>; returns the key to <see cref="Release"/>.</summary>
    public async Task<int> ConnectAsync(Socket socket, string host, int port, CancellationToken cancel)
    {
        // Bound first so the local port is known (and mapped) before the listener can see the connection.
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int local = ((IPEndPoint)socket.LocalEndPoint!).Port;
        _byPort[local] = (host, port);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Listener!.IPEndPoint!.Port), cancel);
        }
        catch
        {
            Release(local);
            throw;
        }
        return local;
    }

    /// <summary>Forgets a tunnel that has ended.</summary>
    public void Release(int key) => _byPort.TryRemove(key, out _);

    /// <summary>The tunnel's <c>host:port</c> for a connection of the internal listener, by its remote port.</summary>
    public bool TryGet(int remotePort, out (string Host, int Port) target) => _byPort.TryGetValue(remotePort, out target);

    /// <summary>True when a connection arrived on the internal listener.</summary>
    public bool IsInternal(IPAddress? localAddress, int localPort) =>
        Listener?.IPEndPoint is { } bound && bound.Port == localPort && IPAddress.Loopback.Equals(localAddress);
}
