using System.Net.Http;

namespace Barrage.Transport.Http2;

/// <summary>
/// Carried by a request in its options so that, when the handler opens a connection for it, the connect callback can
/// say when connecting began and ended (TCP, then TLS when there is one).
/// </summary>
internal sealed class ConnectTiming
{
    /// <summary>The key of a request's <see cref="ConnectTiming"/> in <see cref="HttpRequestMessage.Options"/>.</summary>
    public static readonly HttpRequestOptionsKey<ConnectTiming> Key = new("Barrage.ConnectTiming");

    /// <summary>Timestamp when the connection this request started began to connect; 0 when it started none.</summary>
    public long Started;

    /// <summary>Timestamp when that connection was ready for HTTP (after TLS); 0 until then.</summary>
    public long Ended;

    /// <summary>The timing a request carries, if any.</summary>
    public static ConnectTiming? Of(HttpRequestMessage? request) =>
        request is not null && request.Options.TryGetValue(Key, out var timing) ? timing : null;
}
