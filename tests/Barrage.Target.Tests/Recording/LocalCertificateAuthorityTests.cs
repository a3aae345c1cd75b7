using System.Security.Cryptography.X509Certificates;
using Barrage.Target.Recording;

namespace Barrage.Target.Tests.Recording;

public sealed class LocalCertificateAuthorityTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("barrage-ca-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void FirstUse_WritesTheCaAndAnOwnerOnlyKey_AndTheNextUseReusesThem()
    {
        var dir = Path.Combine(_dir.FullName, "ca");
        string thumbprint;
        using (var first = LocalCertificateAuthority.LoadOrCreate(dir))
        {
            Assert.True(first.Created);
            Assert.Equal(Path.Combine(dir, "barrage-ca.crt"), first.CertificatePath);
            Assert.StartsWith("-----BEGIN CERTIFICATE-----", File.ReadAllText(first.CertificatePath), StringComparison.Ordinal);
            Assert.StartsWith("-----BEGIN PRIVATE KEY-----", File.ReadAllText(first.KeyPath), StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(first.KeyPath));
            using var ca = first.Certificate;
            Assert.True(Assert.Single(ca.Extensions.OfType<X509BasicConstraintsExtension>()).CertificateAuthority);
            Assert.True(Assert.Single(ca.Extensions.OfType<X509KeyUsageExtension>()).KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign));
            Assert.InRange(ca.NotAfter.ToUniversalTime(), DateTime.UtcNow.AddDays(360), DateTime.UtcNow.AddDays(370));
            thumbprint = ca.Thumbprint;
        }

        using var second = LocalCertificateAuthority.LoadOrCreate(dir);
        using var again = second.Certificate;

        Assert.False(second.Created);
        Assert.Equal(thumbprint, again.Thumbprint);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public void LeafCertificates_ChainToTheCa_NameTheHost_AndAreMadeOncePerHost(string host)
    {
        using var authority = LocalCertificateAuthority.LoadOrCreate(_dir.FullName);
        using var ca = authority.Certificate;

        var leaf = authority.ServerCertificateFor(host);

        Assert.True(leaf.HasPrivateKey);
        Assert.Same(leaf, authority.ServerCertificateFor(host));
        Assert.True(leaf.MatchesHostname(host));
        Assert.False(leaf.MatchesHostname("example.com"));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(leaf), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
    }

    [Fact]
    public void AKeyWithoutItsCertificate_IsAClearError_NotANewCa()
    {
        using (LocalCertificateAuthority.LoadOrCreate(_dir.FullName))
        {
        }
        File.Delete(Path.Combine(_dir.FullName, LocalCertificateAuthority.CertificateFileName));

        var error = Assert.Throws<InvalidOperationException>(() => LocalCertificateAuthority.LoadOrCreate(_dir.FullName));

        Assert.Contains("barrage-ca.key", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.FullName, LocalCertificateAuthority.CertificateFileName)));
    }
}
