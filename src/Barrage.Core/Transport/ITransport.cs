namespace Barrage.Transport;

/// <summary>
/// Sends requests and times them. One instance serves one user (one request at a time) and owns its
/// connection; it is not thread-safe. Failures come back as codes in the <see cref="TransportResult"/>:
/// a transport throws only for bugs, and for cancellation it reports <see cref="NetCodes.Cancelled"/>.
/// </summary>
public interface ITransport : IAsyncDisposable
{
    ValueTask<TransportResult> SendAsync(PreparedRequest request, CancellationToken cancellationToken);
}
