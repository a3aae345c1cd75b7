using System.Collections.Concurrent;
using System.Text;
using Barrage.Transport;
using Barrage.Transport.Http1;

namespace Barrage.FunctionalTests.Scenarios;

/// <summary>Barrage's HTTP/1.1 transports, keeping the text of every request they send (raw or prepared) for assertions.</summary>
internal sealed class CapturingTransports : ITransportFactory
{
    private readonly Http1TransportFactory _inner = new(new TransportOptions());

    public ConcurrentQueue<string> Requests { get; } = new();

    public ITransport Create() => new Capturing(this, _inner.Create());

    private sealed class Capturing(CapturingTransports owner, ITransport inner) : ITransport
    {
        public ValueTask<TransportResult> SendAsync(PreparedRequest request, CancellationToken cancellationToken)
        {
            owner.Requests.Enqueue(request.IsRaw
                ? Encoding.UTF8.GetString(request.RawRequest.Span)
                : $"{request.Method} {request.Uri.PathAndQuery}\r\n{string.Join("\r\n", request.Headers.Select(h => $"{h.Key}: {h.Value}"))}\r\n\r\n{Encoding.UTF8.GetString(request.Body.Span)}");
            return inner.SendAsync(request, cancellationToken);
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
