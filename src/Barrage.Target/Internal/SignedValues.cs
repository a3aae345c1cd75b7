using System.Security.Cryptography;
using System.Text;

namespace Barrage.Target.Internal;

/// <summary>
/// Values (tokens, ids) the server hands out and later recognises without storing them: a random part and its
/// HMAC under a key made when the server starts. A load test can ask for millions without the server's memory
/// growing, and a value from another server (or a recording replayed against a fresh one) is refused.
/// </summary>
internal sealed class SignedValues
{
    private const int NonceBytes = 8;
    private const int MacBytes = 8;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>A new value: <paramref name="prefix"/>, then 32 hex digits.</summary>
    public string Issue(string prefix)
    {
        Span<byte> nonce = stackalloc byte[NonceBytes];
        RandomNumberGenerator.Fill(nonce);
        return prefix + Convert.ToHexStringLower(nonce) + Convert.ToHexStringLower(Mac(prefix, nonce));
    }

    /// <summary>True when <paramref name="value"/> was issued by this server with <paramref name="prefix"/>.</summary>
    public bool IsValid(string? value, string prefix)
    {
        if (value is null || value.Length != prefix.Length + 2 * (NonceBytes + MacBytes) || !value.StartsWith(prefix, StringComparison.Ordinal))
            return false;
        Span<byte> nonce = stackalloc byte[NonceBytes];
        Span<byte> mac = stackalloc byte[MacBytes];
        var hex = value.AsSpan(prefix.Length);
        if (Convert.FromHexString(hex[..(2 * NonceBytes)], nonce, out _, out _) != System.Buffers.OperationStatus.Done
            || Convert.FromHexString(hex[(2 * NonceBytes)..], mac, out _, out _) != System.Buffers.OperationStatus.Done)
            return false;
        return CryptographicOperations.FixedTimeEquals(mac, Mac(prefix, nonce));
    }

    // the prefix is signed too, so a token is not accepted as an order id
    private byte[] Mac(string prefix, ReadOnlySpan<byte> nonce)
    {
        var data = new byte[Encoding.ASCII.GetByteCount(prefix) + nonce.Length];
        int written = Encoding.ASCII.GetBytes(prefix, data);
        nonce.CopyTo(data.AsSpan(written));
        return HMACSHA256.HashData(_key, data)[..MacBytes];
    }
}
