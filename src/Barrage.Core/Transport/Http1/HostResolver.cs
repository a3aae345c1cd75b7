using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Barrage.Transport.Http1;

/// <summary>
/// Resolves host names once per run and shares the answer among all users of a factory, so a load test
/// measures the target and not the resolver. Failures are not cached: the next connect asks again.
/// </summary>
/// <remarks>No TTL: a run is short next to DNS changes worth following, and a load test wants stable targets.</remarks>
internal sealed class HostResolver
{
    private readonly ConcurrentDictionary<string, Task<IPAddress[]>> _cache = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The host's addresses; throws a <see cref="SocketException"/> when it has none.</summary>
    public async ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        // One lookup per host even when a thousand users start at once: they all await the same task.
        Task<IPAddress[]> lookup = _cache.GetOrAdd(host, static h => Dns.GetHostAddressesAsync(h));
        IPAddress[] addresses;
        try
        {
            addresses = await lookup.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (lookup.IsFaulted || lookup.IsCanceled)
        {
            _cache.TryRemove(new KeyValuePair<string, Task<IPAddress[]>>(host, lookup));
            throw;
        }

        if (addresses.Length == 0)
        {
            _cache.TryRemove(new KeyValuePair<string, Task<IPAddress[]>>(host, lookup));
            throw new SocketException((int)SocketError.HostNotFound);
        }

        return addresses;
    }
}
