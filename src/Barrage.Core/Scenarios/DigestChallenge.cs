using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Barrage.Scenarios;

/// <summary>
/// A server's Digest challenge (RFC 7616) and the <c>Authorization</c> answers computed from it: MD5 or SHA-256,
/// with qop <c>auth</c> when offered. A user keeps the last challenge and answers every request with it, counting nc up.
/// </summary>
internal sealed class DigestChallenge
{
    private long _count;

    private DigestChallenge(string realm, string nonce, string? opaque, string algorithm, bool qopAuth)
    {
        Realm = realm;
        Nonce = nonce;
        Opaque = opaque;
        Algorithm = algorithm;
        QopAuth = qopAuth;
    }

    public string Realm { get; }

    public string Nonce { get; }

    public string? Opaque { get; }

    /// <summary><c>MD5</c> or <c>SHA-256</c>.</summary>
    public string Algorithm { get; }

    public bool QopAuth { get; }

    /// <summary>Reads a <c>WWW-Authenticate</c> value; null when it is not a Digest challenge Barrage can answer.</summary>
    public static DigestChallenge? TryParse(string header)
    {
        if (!header.StartsWith("Digest ", StringComparison.OrdinalIgnoreCase))
            return null;
        var p = Parameters(header.AsSpan(7));
        if (p.GetValueOrDefault("nonce") is not { } nonce)
            return null;
        var algorithm = p.GetValueOrDefault("algorithm") ?? "MD5";
        if (algorithm is not ("MD5" or "SHA-256"))
            return null;
        var qop = p.GetValueOrDefault("qop");
        if (qop is not null && !qop.Split(',').Any(q => q.Trim() == "auth"))
            return null;
        return new DigestChallenge(p.GetValueOrDefault("realm") ?? "", nonce, p.GetValueOrDefault("opaque"), algorithm, qop is not null);
    }

    /// <summary>The <c>Authorization</c> value for a request of <paramref name="method"/> to <paramref name="target"/> (path and query).</summary>
    public string Answer(string method, string target, string user, string password, Random random)
    {
        var ha1 = Hash($"{user}:{Realm}:{password}");
        var ha2 = Hash($"{method}:{target}");
        var sb = new StringBuilder("Digest username=\"").Append(Escape(user)).Append("\", realm=\"").Append(Escape(Realm))
            .Append("\", nonce=\"").Append(Nonce).Append("\", uri=\"").Append(target).Append("\", algorithm=").Append(Algorithm);
        if (QopAuth)
        {
            var nc = Interlocked.Increment(ref _count).ToString("x8", CultureInfo.InvariantCulture);
            Span<byte> bytes = stackalloc byte[8];
            random.NextBytes(bytes);
            var cnonce = Convert.ToHexStringLower(bytes);
            sb.Append(", qop=auth, nc=").Append(nc).Append(", cnonce=\"").Append(cnonce).Append("\", response=\"")
                .Append(Hash($"{ha1}:{Nonce}:{nc}:{cnonce}:auth:{ha2}")).Append('"');
        }
        else
        {
            sb.Append(", response=\"").Append(Hash($"{ha1}:{Nonce}:{ha2}")).Append('"');
        }
        if (Opaque is not null)
            sb.Append(", opaque=\"").Append(Opaque).Append('"');
        return sb.ToString();
    }

#pragma warning disable CA5351 // MD5 is RFC 7616's default algorithm: servers ask for it.
    private string Hash(string text) => Convert.ToHexStringLower(
        Algorithm == "SHA-256" ? SHA256.HashData(Encoding.UTF8.GetBytes(text)) : MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static Dictionary<string, string> Parameters(ReadOnlySpan<char> text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
                i++;
            var nameStart = i;
            while (i < text.Length && text[i] is not ('=' or ','))
                i++;
            var name = text[nameStart..i].Trim().ToString();
            if (i >= text.Length || text[i] != '=')
                continue;
            i++;
            var value = new StringBuilder();
            if (i < text.Length && text[i] == '"')
            {
                for (i++; i < text.Length && text[i] != '"'; i++)
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                        i++;
                    value.Append(text[i]);
                }
                i++;
            }
            else
            {
                while (i < text.Length && text[i] != ',')
                    value.Append(text[i++]);
            }
            result[name] = value.ToString().Trim();
        }
        return result;
    }
}
