using Barrage.Core.Tests.Transport.Http1;
using Barrage.Transport;
using Barrage.Transport.Loop;

namespace Barrage.Core.Tests.Transport.Loop;

/// <summary>https through the event-loop factory: its transports hand TLS requests to the thread-pool transport.</summary>
public class LoopTransportTlsTests : Http1TransportTlsTests
{
    protected override ITransport Create(bool verify) =>
        new LoopTransportFactory(Http1TransportTests.Options with { VerifyCertificates = verify }).Create();
}
