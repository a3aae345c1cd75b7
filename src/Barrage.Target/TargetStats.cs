using System.Text.Json;
using Barrage.Target.Internal;

namespace Barrage.Target;

/// <summary>
/// Live, thread-safe counters of what a <see cref="TargetServer"/> has served; <c>GET /stats</c> serves the same data.
/// </summary>
/// <remarks>
/// A request is counted when its handling begins (so requests that fault, time out or are aborted count too);
/// its status is counted when its handling ends. The control endpoints <c>/stats</c> and <c>/stats/reset</c> are
/// never counted. Distinct methods and exact paths are capped (further ones count under <c>(other)</c>) so that
/// a scan of random URLs cannot exhaust memory. Body byte counts are payload bytes (web socket payloads included),
/// not headers or chunk framing.
/// </remarks>
public sealed class TargetStats
{
    /// <summary>The route key of requests no endpoint matched.</summary>
    public const string UnmatchedRoute = "(none)";

    private const int MaxMethods = 32;
    private const int MaxPaths = 1_000;
    private const int MaxProtocols = 8;

    private readonly CappedCounters _byMethod = new(MaxMethods);
    private readonly CappedCounters _byPath = new(MaxPaths);
    private readonly CappedCounters _byRoute = new(MaxPaths);
    private readonly CappedCounters _byProtocol = new(MaxProtocols);
    private readonly long[] _byStatus = new long[1000];
    private long _requests;
    private long _connections;
    private long _inFlight;
    private long _maxInFlight;
    private long _bytesIn;
    private long _bytesOut;
    private long _webSocketMessages;

    internal TargetStats()
    {
    }

    /// <summary>Requests whose handling has begun.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Connections accepted.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Requests being handled now (web socket sessions stay in flight while open).</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>The most requests that were in flight at once.</summary>
    public long MaxInFlight => Interlocked.Read(ref _maxInFlight);

    /// <summary>Request body bytes received (and web socket payload bytes received).</summary>
    public long BytesIn => Interlocked.Read(ref _bytesIn);

    /// <summary>Response body bytes sent (and web socket payload bytes sent).</summary>
    public long BytesOut => Interlocked.Read(ref _bytesOut);

    /// <summary>Complete web socket messages echoed.</summary>
    public long WebSocketMessages => Interlocked.Read(ref _webSocketMessages);

    /// <summary>A copy of the request counts by method.</summary>
    public IReadOnlyDictionary<string, long> ByMethod => _byMethod.Snapshot();

    /// <summary>A copy of the request counts by exact path (without the query).</summary>
    public IReadOnlyDictionary<string, long> ByPath => _byPath.Snapshot();

    /// <summary>A copy of the request counts by route template, e.g. <c>/bytes/{n}</c>; <see cref="UnmatchedRoute"/> for 404s.</summary>
    public IReadOnlyDictionary<string, long> ByRoute => _byRoute.Snapshot();

    /// <summary>A copy of the request counts by protocol as Kestrel names it: <c>HTTP/1.1</c>, <c>HTTP/2</c>...</summary>
    public IReadOnlyDictionary<string, long> ByProtocol => _byProtocol.Snapshot();

    /// <summary>A copy of the counts of finished requests by status code.</summary>
    public IReadOnlyDictionary<int, long> ByStatus
    {
        get
        {
            var copy = new SortedDictionary<int, long>();
            for (int code = 0; code < _byStatus.Length; code++)
            {
                long count = Interlocked.Read(ref _byStatus[code]);
                if (count != 0)
                    copy[code] = count;
            }
            return copy;
        }
    }

    /// <summary>Zeroes every counter; requests in flight stay in flight (and <see cref="MaxInFlight"/> restarts from them).</summary>
    public void Reset()
    {
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _connections, 0);
        Interlocked.Exchange(ref _maxInFlight, Interlocked.Read(ref _inFlight));
        Interlocked.Exchange(ref _bytesIn, 0);
        Interlocked.Exchange(ref _bytesOut, 0);
        Interlocked.Exchange(ref _webSocketMessages, 0);
        _byMethod.Clear();
        _byPath.Clear();
        _byRoute.Clear();
        _byProtocol.Clear();
        for (int code = 0; code < _byStatus.Length; code++)
            Interlocked.Exchange(ref _byStatus[code], 0);
    }

    internal void RequestStarted(string method, string path, string route, string protocol = "HTTP/1.1")
    {
        Interlocked.Increment(ref _requests);
        _byProtocol.Increment(protocol);
        _byMethod.Increment(method);
        _byPath.Increment(path);
        _byRoute.Increment(route);
        long inFlight = Interlocked.Increment(ref _inFlight);
        long max = Interlocked.Read(ref _maxInFlight);
        while (inFlight > max)
        {
            long seen = Interlocked.CompareExchange(ref _maxInFlight, inFlight, max);
            if (seen == max)
                break;
            max = seen;
        }
    }

    internal void RequestEnded(int statusCode)
    {
        // status first: whoever sees in_flight drop to zero also sees every status
        if ((uint)statusCode < (uint)_byStatus.Length)
            Interlocked.Increment(ref _byStatus[statusCode]);
        Interlocked.Decrement(ref _inFlight);
    }

    internal void ConnectionAccepted() => Interlocked.Increment(ref _connections);

    internal void AddBytesIn(long count) => Interlocked.Add(ref _bytesIn, count);

    internal void AddBytesOut(long count) => Interlocked.Add(ref _bytesOut, count);

    internal void WebSocketMessageEchoed() => Interlocked.Increment(ref _webSocketMessages);

    /// <summary>Writes the counters as the snake_case JSON object <c>/stats</c> serves.</summary>
    internal void WriteJson(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("requests", Requests);
        WriteCounts(writer, "by_method", ByMethod);
        WriteCounts(writer, "by_path", ByPath);
        WriteCounts(writer, "by_route", ByRoute);
        WriteCounts(writer, "by_protocol", ByProtocol);
        writer.WriteStartObject("by_status");
        foreach (var (code, count) in ByStatus)
            writer.WriteNumber(code.ToString(System.Globalization.CultureInfo.InvariantCulture), count);
        writer.WriteEndObject();
        writer.WriteNumber("connections", Connections);
        writer.WriteNumber("in_flight", InFlight);
        writer.WriteNumber("max_in_flight", MaxInFlight);
        writer.WriteNumber("bytes_in", BytesIn);
        writer.WriteNumber("bytes_out", BytesOut);
        writer.WriteNumber("ws_messages", WebSocketMessages);
        writer.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, long> counts)
    {
        writer.WriteStartObject(name);
        foreach (var (key, count) in counts)
            writer.WriteNumber(key, count);
        writer.WriteEndObject();
    }
}
