using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Barrage.Target.Recording;

/// <summary>
/// The recorder's own certificate authority for <c>--mitm</c>: made once into a directory and reused, so the user
/// trusts one file once. It is never installed anywhere; the user trusts <see cref="CertificatePath"/> explicitly
/// (<c>curl --cacert</c>, a browser's import). It signs a short-lived certificate per host the client asks for.
/// </summary>
public sealed class LocalCertificateAuthority : IDisposable
{
    /// <summary>The CA certificate's file name (PEM) in the directory.</summary>
    public const string CertificateFileName = "barrage-ca.crt";

    /// <summary>The CA key's file name (PKCS#8 PEM, readable by the owner only) in the directory.</summary>
    public const string KeyFileName = "barrage-ca.key";

    private static readonly TimeSpan Validity = TimeSpan.FromDays(365);
    private static readonly TimeSpan LeafValidity = TimeSpan.FromDays(7);
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    private readonly X509Certificate2 _certificate;
    private readonly ConcurrentDictionary<string, Lazy<X509Certificate2>> _leaves = new(StringComparer.OrdinalIgnoreCase);

    private LocalCertificateAuthority(X509Certificate2 certificate, string directory, bool created)
    {
        _certificate = certificate;
        CertificatePath = Path.Combine(directory, CertificateFileName);
        KeyPath = Path.Combine(directory, KeyFileName);
        Created = created;
    }

    /// <summary>The CA certificate file the user must trust explicitly.</summary>
    public string CertificatePath { get; }

    /// <summary>The CA's private key file (mode 0600).</summary>
    public string KeyPath { get; }

    /// <summary>True when this call made the CA (first use); false when it reused the files already there.</summary>
    public bool Created { get; }

    /// <summary>The CA certificate (without its key).</summary>
    public X509Certificate2 Certificate => X509CertificateLoader.LoadCertificate(_certificate.RawData);

    /// <summary>Loads the CA from <paramref name="directory"/>, or makes it there when neither file exists.</summary>
    /// <exception cref="InvalidOperationException">Only one of the two files exists, they do not match, or the CA has expired.</exception>
    /// <exception cref="IOException">The files cannot be read or written.</exception>
    public static LocalCertificateAuthority LoadOrCreate(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        directory = Path.GetFullPath(directory);
        var certificatePath = Path.Combine(directory, CertificateFileName);
        var keyPath = Path.Combine(directory, KeyFileName);
        bool hasCertificate = File.Exists(certificatePath), hasKey = File.Exists(keyPath);
        if (hasCertificate != hasKey)
            throw new InvalidOperationException($"{directory} holds only {(hasCertificate ? CertificateFileName : KeyFileName)}; restore the other file, or delete it to make a new CA (which must then be trusted again)");
        if (!hasCertificate)
            return new LocalCertificateAuthority(Create(certificatePath, keyPath), directory, created: true);

        X509Certificate2 loaded;
        try
        {
            loaded = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (CryptographicException e)
        {
            throw new InvalidOperationException($"the CA in {directory} cannot be loaded ({e.Message}); delete both files to make a new one (which must then be trusted again)", e);
        }
        if (loaded.NotAfter.ToUniversalTime() <= DateTime.UtcNow.AddDays(1))
        {
            loaded.Dispose();
            throw new InvalidOperationException($"the CA in {directory} expires or expired on {loaded.NotAfter.ToUniversalTime():yyyy-MM-dd}; delete both files to make a new one (which must then be trusted again)");
        }
        return new LocalCertificateAuthority(loaded, directory, created: false);
    }

    /// <summary>The certificate (with its key) for <paramref name="host"/>, a DNS name or an IP literal; made once per host.</summary>
    public X509Certificate2 ServerCertificateFor(string host) =>
        // Lazy: two handshakes for a new host at once make one certificate
        _leaves.GetOrAdd(host.Trim('[', ']'), h => new Lazy<X509Certificate2>(() => Issue(h))).Value;

    private X509Certificate2 Issue(string host)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={Sanitized(host)}"), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        if (IPAddress.TryParse(host, out var address))
            names.AddIpAddress(address);
        else
            names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var now = DateTimeOffset.UtcNow;
        var notAfter = now + LeafValidity < _certificate.NotAfter ? now + LeafValidity : new DateTimeOffset(_certificate.NotAfter);
        using var issued = request.Create(_certificate, now.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    private static X509Certificate2 Create(string certificatePath, string keyPath)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN=Barrage recording proxy CA ({Environment.MachineName}), O=Barrage"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now + Validity);

        var directory = Path.GetDirectoryName(certificatePath)!;
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(directory);
        else
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // The key first, created owner-only from the start (never world-readable, not even for a moment); the
        // certificate last, so a crash in between leaves a state LoadOrCreate names rather than a CA without its key.
        var keyOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            keyOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(keyPath, keyOptions))
            writer.Write(key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        return certificate;
    }

    // A host name goes into the subject as is; characters that are syntax in a distinguished name are dropped.
    private static string Sanitized(string host) => new([.. host.Where(c => c is not (',' or '+' or '"' or '\\' or '<' or '>' or ';' or '='))]);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var leaf in _leaves.Values.Where(l => l.IsValueCreated))
            leaf.Value.Dispose();
        _certificate.Dispose();
    }
}
