using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Barrage.Transport;
using Barrage.Transport.Http1;

namespace Barrage.Core.Tests.Transport.Http1;

public class Http1TransportTlsTests
{
    private const string Ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    [Fact]
    public async Task SendAsync_SelfSignedCertificateWithoutVerification_SucceedsAndReusesTheConnection()
    {
        using X509Certificate2 certificate = CreateSelfSigned();
        await using var server = new ScriptedServer(ScriptedServer.AnswerEach(Ok), certificate);
        await using ITransport transport = Create(verify: false);

        TransportResult first = await transport.SendAsync(Http1TransportTests.Get(server.Url()), CancellationToken.None);
        TransportResult second = await transport.SendAsync(Http1TransportTests.Get(server.Url()), CancellationToken.None);

        Assert.Equal((NetCodes.Ok, 200), (first.NetCode, first.StatusCode));
        Assert.Equal((NetCodes.Ok, 200), (second.NetCode, second.StatusCode));
        Assert.True(first.ConnectUs > 0);
        Assert.Equal(0, second.ConnectUs);
        Assert.Equal(1, server.AcceptedConnections);
        // Counted as HTTP bytes, as over plain TCP: the request as written, the response as read.
        Assert.Equal(Ok.Length, first.BytesIn);
        Assert.Equal(server.Requests.First().Length, first.BytesOut);
    }

    [Fact]
    public async Task SendAsync_SelfSignedCertificateWithVerification_IsTlsFailure()
    {
        using X509Certificate2 certificate = CreateSelfSigned();
        await using var server = new ScriptedServer(ScriptedServer.AnswerEach(Ok), certificate);
        await using ITransport transport = Create(verify: true);

        TransportResult result = await transport.SendAsync(Http1TransportTests.Get(server.Url()), CancellationToken.None);

        Assert.Equal((NetCodes.TlsFailure, 0, 0L), (result.NetCode, result.StatusCode, result.BytesOut));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task SendAsync_HostName_IsSentAsServerName()
    {
        // "localhost" resolves to loopback addresses only; ::1 may refuse, and 127.0.0.1 answers.
        using X509Certificate2 certificate = CreateSelfSigned();
        await using var server = new ScriptedServer(ScriptedServer.AnswerEach(Ok), certificate);
        await using ITransport transport = Create(verify: false);

        TransportResult result = await transport.SendAsync(Http1TransportTests.Get(server.Url(host: "localhost")), CancellationToken.None);

        Assert.Equal(NetCodes.Ok, result.NetCode);
        Assert.Equal("localhost", Assert.Single(server.ServerNames));
    }

    [Fact]
    public async Task SendAsync_PlainHttpServerOnHttpsUrl_IsTlsFailure()
    {
        // Like a plain server on a TLS port: it answers the ClientHello with HTTP and closes.
        await using var server = new ScriptedServer(async c =>
        {
            await c.SendAsync("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            c.Close();
        });
        await using ITransport transport = Create(verify: false);

        TransportResult result = await transport.SendAsync(
            Http1TransportTests.Get(new Uri($"https://127.0.0.1:{server.Port}/")), CancellationToken.None);

        Assert.Equal(NetCodes.TlsFailure, result.NetCode);
    }

    protected virtual ITransport Create(bool verify) =>
        new Http1TransportFactory(Http1TransportTests.Options with { VerifyCertificates = verify }).Create();

    private static X509Certificate2 CreateSelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using X509Certificate2 ephemeral = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        // A round trip through PKCS#12 gives a certificate whose key SslStream can use on every platform.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pfx), null);
    }
}
