using Barrage.Transport;

namespace Barrage.Engine;

/// <summary>
/// Requests that all users take in turn from one cursor, as Phantom takes its ammo: each iteration of
/// <c>main</c> sends the next one. Looping starts again at the first request; otherwise the feed runs out.
/// </summary>
public sealed class RequestFeed
{
    private readonly PreparedRequest[] _requests;
    private readonly bool _loop;
    private long _next = -1;

    public RequestFeed(IReadOnlyList<PreparedRequest> requests, bool loop)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
            throw new ArgumentException("A request feed needs at least one request.", nameof(requests));
        _requests = [.. requests];
        _loop = loop;
    }

    public int Count => _requests.Length;

    /// <summary>Takes the next request; false once a feed that does not loop has given each of its requests once.</summary>
    public bool TryNext(out PreparedRequest request)
    {
        var index = Interlocked.Increment(ref _next);
        if (index >= _requests.Length && !_loop)
        {
            request = null!;
            return false;
        }
        request = _requests[index % _requests.Length];
        return true;
    }
}
