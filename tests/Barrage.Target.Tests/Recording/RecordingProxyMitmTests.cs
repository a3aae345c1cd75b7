using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Barrage.Target.Recording;

namespace Barrage.Target.Tests.Recording;

public sealed class RecordingProxyMitmTests : IAsyncLifetime
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("barrage-mitm-");
    private LocalCertificateAuthority _ca = null!;
    private TargetServer _tls = null!;

    public async Task InitializeAsync()
    {
        _ca = LocalCertificateAuthority.LoadOrCreate(_dir.FullName);
        _tls = await TargetServer.StartAsync(new TargetServerOptions { TlsListen = "127.0.0.1:0" });
    }

    public async Task DisposeAsync()
    {
        await _tls.DisposeAsync();
        _ca.Dispose();
        _dir.Delete(recursive: true);
    }

    // A client that uses the proxy and trusts nothing but the CA file, as a user told to trust it would.
    private static HttpClient ClientTrustingOnly(string caFile, Uri proxy, List<string> issuers) =>
        new(new SocketsHttpHandler
        {
            Proxy = new WebProxy(proxy),
            UseProxy = true,
            SslOptions = { RemoteCertificateValidationCallback = TrustingOnly(caFile, issuers) },
        });

    private static RemoteCertificateValidationCallback TrustingOnly(string caFile, List<string> issuers)
    {
        var ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
        return (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
                return false; // a name mismatch is not forgiven
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            lock (issuers)
                issuers.Add(leaf.Issuer);
            return chain.Build(leaf);
        };
    }

    [Fact]
    public async Task Mitm_DecryptsConnect_WithACertificateFromTheLocalCa_AndRecordsTheHttpsRequests()
    {
        await using var proxy = await RecordingProxy.StartAsync(new RecordingProxyOptions { Listen = "127.0.0.1:0", Mitm = _ca, InsecureUpstream = true });
        var issuers = new List<string>();
        using var client = ClientTrustingOnly(_ca.CertificatePath, proxy.Address, issuers);
        var byIp = _tls.TlsAddress!;
        var byName = new UriBuilder(byIp) { Host = "localhost" }.Uri; // a name: the certificate is picked by SNI

        using var status = await client.GetAsync(new Uri(byIp, "/status/203?x=1"));
        using var echo = await client.PostAsync(new Uri(byIp, "/echo"), new StringContent("inside the tunnel"));
        using var named = await client.PutAsync(new Uri(byName, "/echo"), new StringContent("by name"));

        Assert.Equal(HttpStatusCode.NonAuthoritativeInformation, status.StatusCode);
        using (var echoed = JsonDocument.Parse(await echo.Content.ReadAsStringAsync()))
            Assert.Equal("inside the tunnel", echoed.RootElement.GetProperty("body").GetString());
        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        Assert.Equal(3, _tls.Stats.Requests);
        Assert.NotEmpty(issuers);
        Assert.All(issuers, issuer => Assert.Contains("Barrage recording proxy CA", issuer, StringComparison.Ordinal));
        var recorded = proxy.Recorded();
        Assert.Equal(
            [$"GET {byIp.Authority}/status/203?x=1", $"POST {byIp.Authority}/echo", $"PUT localhost:{byIp.Port}/echo"],
            recorded.Select(e => $"{e.Method} {e.Url.Authority}{e.Url.PathAndQuery}"));
        Assert.All(recorded, e => Assert.Equal("https", e.Url.Scheme));
        Assert.Equal("inside the tunnel", recorded[1].Body);
        Assert.Equal("by name", recorded[2].Body);
        Assert.Equal(203, recorded[0].Response!.Status);
        Assert.Empty(proxy.Tunnels()); // recorded, so not listed as missing
    }

    [Fact]
    public async Task Mitm_ConnectAfterAPlainRequestOnTheSameConnection_DecryptsAndRecordsTheRequestInside()
    {
        await using var proxy = await RecordingProxy.StartAsync(new RecordingProxyOptions { Listen = "127.0.0.1:0", Mitm = _ca, InsecureUpstream = true });
        var plainUrl = new Uri(_tls.BaseAddress, "/status/207");
        var tlsAt = _tls.TlsAddress!;
        var issuers = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, proxy.Address.Port, timeout.Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync(RawHttp.ProxiedGet(plainUrl), timeout.Token);
        var (plainHead, _) = await RawHttp.ReadResponseAsync(stream, timeout.Token);
        await stream.WriteAsync(RawHttp.Connect(tlsAt.Authority), timeout.Token);
        var (connectHead, _) = await RawHttp.ReadResponseAsync(stream, timeout.Token);
        await using var tls = new SslStream(stream, leaveInnerStreamOpen: true, TrustingOnly(_ca.CertificatePath, issuers));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = tlsAt.Host }, timeout.Token);
        await tls.WriteAsync(Encoding.ASCII.GetBytes($"POST /echo HTTP/1.1\r\nHost: {tlsAt.Authority}\r\nContent-Length: 6\r\n\r\ninside"), timeout.Token);
        var (insideHead, insideBody) = await RawHttp.ReadResponseAsync(tls, timeout.Token);
        await proxy.WaitForAsync(2, timeout.Token); // recorded once its response is out, which the client may see first

        Assert.StartsWith("HTTP/1.1 207 ", plainHead, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200 ", connectHead, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 200 ", insideHead, StringComparison.Ordinal);
        using (var echoed = JsonDocument.Parse(insideBody))
            Assert.Equal("inside", echoed.RootElement.GetProperty("body").GetString());
        Assert.Contains("Barrage recording proxy CA", Assert.Single(issuers), StringComparison.Ordinal);
        var recorded = proxy.Recorded();
        Assert.Equal(
            [$"GET {plainUrl}", $"POST https://{tlsAt.Authority}/echo"],
            recorded.Select(e => $"{e.Method} {e.Url}"));
        Assert.Equal("inside", recorded[1].Body);
        Assert.Equal(200, recorded[1].Response!.Status);
        Assert.Empty(proxy.Tunnels());
    }

    [Fact]
    public async Task Stopping_AsSoonAsARequestIsRecorded_StillDeliversItsResponseThroughTheTunnel()
    {
        var proxy = await RecordingProxy.StartAsync(new RecordingProxyOptions { Listen = "127.0.0.1:0", Mitm = _ca, InsecureUpstream = true });
        using var client = ClientTrustingOnly(_ca.CertificatePath, proxy.Address, []);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var response = client.GetByteArrayAsync(new Uri(_tls.TlsAddress!, "/bytes/300000"), timeout.Token);
        await proxy.WaitForAsync(1, timeout.Token);
        await proxy.DisposeAsync(); // what `barrage record --requests 1` does next

        Assert.Equal(300000, (await response).Length);
    }

    [Fact]
    public async Task Mitm_ChecksTheUpstreamCertificate_UnlessToldNotTo()
    {
        await using var proxy = await RecordingProxy.StartAsync(new RecordingProxyOptions { Listen = "127.0.0.1:0", Mitm = _ca });
        using var client = ClientTrustingOnly(_ca.CertificatePath, proxy.Address, []);

        using var response = await client.GetAsync(new Uri(_tls.TlsAddress!, "/status/200"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode); // the target's certificate is self-signed
        Assert.Equal(0, _tls.Stats.Requests);
        Assert.Equal("/status/200", Assert.Single(proxy.Recorded()).Url.AbsolutePath);
    }

    [Fact]
    public async Task Mitm_ATunnelThatCarriesPlainHttp_IsPassedOnToTheHost_AndListedAsNotRecorded()
    {
        // curl -p (--proxytunnel) with an http:// URL, or a browser's ws:// through the proxy: CONNECT, then no TLS.
        // The decrypting listener used to take it, and the client got its connection closed.
        await using var proxy = await RecordingProxy.StartAsync(new RecordingProxyOptions { Listen = "127.0.0.1:0", Mitm = _ca, InsecureUpstream = true });
        var plain = _tls.BaseAddress;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, proxy.Address.Port, timeout.Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync(RawHttp.Connect(plain.Authority), timeout.Token);
        var (connectHead, _) = await RawHttp.ReadResponseAsync(stream, timeout.Token);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /status/206 HTTP/1.1\r\nHost: {plain.Authority}\r\n\r\n"), timeout.Token);
        var (insideHead, _) = await RawHttp.ReadResponseAsync(stream, timeout.Token);

        Assert.StartsWith("HTTP/1.1 200 ", connectHead, StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 206 ", insideHead, StringComparison.Ordinal);
        Assert.Equal(1, _tls.Stats.Requests);
        Assert.Empty(proxy.Recorded());
        Assert.Equal([new KeyValuePair<string, int>(plain.Authority, 1)], proxy.Tunnels());
    }
}
