using Barrage.Transport;
using Barrage.Transport.Loop;
using Barrage.Core.Tests.Transport.Http1;

namespace Barrage.Core.Tests.Transport.Loop;

/// <summary>Response capture (headers, decoded body, limits) through the event-loop transport: the same cases as the thread-pool one.</summary>
public sealed class LoopTransportCaptureTests : Http1TransportCaptureTests
{
    protected override ITransportFactory CreateFactory(TransportOptions options) => new LoopTransportFactory(options);
}
