using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Barrage.FunctionalTests.Reports;
using Barrage.Target;

namespace Barrage.FunctionalTests.Imports;

/// <summary>
/// <c>barrage record</c> with real clients: headless Chromium set to use the proxy, and an HTTPS client tunnelling
/// through it. The recorded plan is run again and the target's counts of both passes are compared.
/// </summary>
public sealed class RecorderTests : TargetTest
{
    [ChromiumFact]
    public async Task ChromiumThroughTheProxy_RecordedPlanReplays_WhatTheTargetSaw_WithTokensAndIdsTraced()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var port = FreePort();
        var plan = Path.Combine(Dir.Path, "recorded.yaml");
        using var stopRecording = CancellationTokenSource.CreateLinkedTokenSource(bound.Token);
        var recording = CliRunner.RunAsync(stopRecording.Token, "record", "--listen", $"127.0.0.1:{port}", "-o", plan);
        await WaitListeningAsync(port, bound.Token);

        await using (var browser = await HeadlessChromium.StartAsync(bound.Token,
            $"--proxy-server=http://127.0.0.1:{port}", "--proxy-bypass-list=<-loopback>"))
        {
            await browser.NavigateAsync(Url("/page?delay=100"), "document.title.startsWith('done') || document.title.startsWith('failed')", bound.Token);
            Assert.Equal("done 200", (await browser.EvaluateAsync("document.title", bound.Token)).GetValue<string>());
        }
        await stopRecording.CancelAsync(); // Ctrl-C: the proxy lets requests in flight finish, then writes the plan
        var (code, output) = await recording;

        Assert.True(code == 0, output);
        var browserPass = (Routes: Server.Stats.ByRoute, Statuses: Server.Stats.ByStatus);
        Assert.Equal(1 + 5 + 3, browserPass.Routes.Values.Sum()); // the page, its resources, login + order + read
        var text = File.ReadAllText(plan);
        Assert.Contains("Bearer ${token}", text, StringComparison.Ordinal);
        Assert.Contains("/orders/${id}", text, StringComparison.Ordinal);

        // A fresh target knows none of the recorded tokens and ids: only values traced from its own answers pass.
        await using var fresh = await TargetServer.StartAsync(new TargetServerOptions());
        File.WriteAllText(plan, text.Replace("users: 10\n  duration: 1m", "users: 1\n  iterations: 1", StringComparison.Ordinal));
        var (runCode, runOutput) = await CliRunner.RunAsync("run", plan, "--target", fresh.BaseAddress.ToString());

        Assert.True(runCode == 0, runOutput);
        Assert.Equal(browserPass.Routes, fresh.Stats.ByRoute);
        Assert.Equal(browserPass.Statuses, fresh.Stats.ByStatus);
    }

    [Fact]
    public async Task Https_IsTunnelledThroughConnect_AndThePlanNamesTheHostItCouldNotRecord()
    {
        await using var tls = await TargetServer.StartAsync(new TargetServerOptions { TlsListen = "127.0.0.1:0" });
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var port = FreePort();
        var plan = Path.Combine(Dir.Path, "recorded.yaml");
        var recording = CliRunner.RunAsync(bound.Token, "record", "--listen", $"127.0.0.1:{port}", "--requests", "1", "-o", plan);
        await WaitListeningAsync(port, bound.Token);
        using var client = new HttpClient(new SocketsHttpHandler
        {
            Proxy = new WebProxy($"http://127.0.0.1:{port}"),
            UseProxy = true,
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true }, // the target's self-signed certificate
        });

        using var secure = await client.GetAsync(new Uri(tls.TlsAddress!, "/status/203"), bound.Token);
        using var plain = await client.GetAsync(Url("/status/202"), bound.Token);
        var (code, output) = await recording;

        Assert.Equal(HttpStatusCode.NonAuthoritativeInformation, secure.StatusCode); // the tunnel works
        Assert.Equal(1, tls.Stats.ByStatus[203]);
        Assert.True(code == 0, output);
        var text = File.ReadAllText(plan);
        Assert.Contains($"HTTPS to {tls.TlsAddress!.Authority} went through 1 CONNECT tunnel(s)", text, StringComparison.Ordinal);
        Assert.Contains("get: /status/202", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/status/203", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mitm_RecordsHttps_ThroughACaTheClientTrustsExplicitly_AndReusesTheCaNextTime()
    {
        await using var tls = await TargetServer.StartAsync(new TargetServerOptions { TlsListen = "127.0.0.1:0" });
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var caDir = Path.Combine(Dir.Path, "ca");
        var caFile = Path.Combine(caDir, "barrage-ca.crt");
        var plan = Path.Combine(Dir.Path, "recorded.yaml");
        string? firstCa = null;
        for (int pass = 0; pass < 2; pass++)
        {
            var port = FreePort();
            var recording = CliRunner.RunAsync(bound.Token, "record", "--listen", $"127.0.0.1:{port}", "--mitm", "--ca-dir", caDir, "--insecure",
                "--requests", "2", "-o", plan);
            await WaitListeningAsync(port, bound.Token); // the CA is on disk before the proxy listens
            using var ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
            using var client = new HttpClient(new SocketsHttpHandler
            {
                Proxy = new WebProxy($"http://127.0.0.1:{port}"),
                UseProxy = true,
                SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustedBy(ca, certificate, errors) },
            });

            using var status = await client.GetAsync(new Uri(tls.TlsAddress!, "/status/203"), bound.Token);
            using var echo = await client.PostAsync(new Uri(tls.TlsAddress!, "/echo"), new StringContent("{\"n\":" + pass + "}", System.Text.Encoding.UTF8, "application/json"), bound.Token);
            var (code, output) = await recording;

            Assert.True(code == 0, output);
            Assert.Equal(HttpStatusCode.NonAuthoritativeInformation, status.StatusCode);
            Assert.Equal(HttpStatusCode.OK, echo.StatusCode);
            Assert.Contains(caFile, output.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Contains("--cacert", output, StringComparison.Ordinal);
            var text = File.ReadAllText(plan);
            Assert.Contains("get: /status/203", text, StringComparison.Ordinal);
            Assert.Contains("post: /echo", text, StringComparison.Ordinal);
            Assert.Contains("{\"n\":" + pass + "}", text, StringComparison.Ordinal);
            Assert.Contains(tls.TlsAddress!.Authority, text, StringComparison.Ordinal);
            Assert.DoesNotContain("CONNECT tunnel", text, StringComparison.Ordinal);
            firstCa ??= ca.Thumbprint;
            Assert.Equal(firstCa, ca.Thumbprint); // the second run reuses the CA the client was told to trust
        }
        Assert.Equal(2, tls.Stats.ByStatus[203]);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(caDir, "barrage-ca.key")));
    }

    // Trusts the one CA and nothing else, as a client told `curl --cacert FILE` would; a name mismatch is not forgiven.
    private static bool TrustedBy(X509Certificate2 ca, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // The recorder starts in the background; a connection succeeds once it listens.
    private static async Task WaitListeningAsync(int port, CancellationToken cancel)
    {
        while (true)
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, port, cancel);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, cancel);
            }
        }
    }
}
