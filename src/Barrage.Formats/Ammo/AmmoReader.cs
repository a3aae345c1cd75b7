using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace Barrage.Formats.Ammo;

/// <summary>
/// Reads Phantom ammo files (request-style, uri-style, uripost; gzipped or not) into a list of requests,
/// all of it up front, so a broken file stops the test before it starts. Looping over the list is the
/// engine's job.
/// </summary>
/// <remarks>
/// <para>Auto-detection looks at the first line that is neither blank nor a <c>[Header: value]</c>:
/// <c>/path</c> means uri-style; a number followed by an HTTP request line means request-style;
/// <c>number /path</c> means uripost. Force a style when a file is ambiguous.</para>
/// <para>Request-style: blank lines between requests are skipped; a size of 0 ends the ammo (Phantom
/// starts over there). Tags are the rest of the line after the size or path, trimmed (Yandex.Tank
/// keeps only the first word). Paths must start with '/'.</para>
/// <para>A file (or its decompressed content) over <see cref="MaxBytes"/> is refused: everything is
/// kept in memory, and raw requests are slices of it.</para>
/// </remarks>
public static class AmmoReader
{
    /// <summary>The largest ammo Barrage reads, after decompression: 1 GiB.</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>Reads the ammo file at <paramref name="path"/>.</summary>
    /// <exception cref="AmmoFormatException">The file is not valid ammo (the message says where).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlyList<AmmoRequest> Read(string path, AmmoStyle style = AmmoStyle.Auto)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        return Read(file, path, style);
    }

    /// <summary>Reads ammo from <paramref name="stream"/> to its end; <paramref name="name"/> names it in errors.</summary>
    /// <exception cref="AmmoFormatException">The content is not valid ammo (the message says where).</exception>
    public static IReadOnlyList<AmmoRequest> Read(Stream stream, string name, AmmoStyle style = AmmoStyle.Auto) =>
        Read(stream, name, style, MaxBytes);

    internal static IReadOnlyList<AmmoRequest> Read(Stream stream, string name, AmmoStyle style, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Parse(ReadAll(stream, name, maxBytes, compressed: false), name, style, maxBytes);
    }

    /// <summary>Parses ammo bytes (gzip or plain); the limit is a parameter so tests can reach it.</summary>
    internal static IReadOnlyList<AmmoRequest> Parse(ReadOnlyMemory<byte> data, string name, AmmoStyle style, long maxBytes)
    {
        if (data.Span.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
            data = Gunzip(data, name, maxBytes);
        return AmmoParser.Parse(data, name, style);
    }

    private static ReadOnlyMemory<byte> Gunzip(ReadOnlyMemory<byte> data, string name, long maxBytes)
    {
        try
        {
            var compressed = MemoryMarshal.TryGetArray(data, out var array)
                ? new MemoryStream(array.Array!, array.Offset, array.Count, writable: false)
                : new MemoryStream(data.ToArray(), writable: false);
            using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
            var content = ReadAll(gzip, name, maxBytes, compressed: true);
            // GZipStream accepts a file cut short without a word, and a truncated ammo file would
            // silently lose or mangle its last requests. The trailer's last 4 bytes hold the length.
            uint trailerLength = data.Length >= 18 ? BinaryPrimitives.ReadUInt32LittleEndian(data.Span[^4..]) : uint.MaxValue;
            if (trailerLength != (uint)content.Length)
            {
                throw new AmmoFormatException(name, 0, content.Length,
                    $"the gzip data ends early (a truncated file?) or holds several gzip members: it decompressed to {content.Length} bytes " +
                    "but its trailer does not say so; decompress it with gunzip and read the plain file");
            }
            return content;
        }
        catch (InvalidDataException ex)
        {
            throw new AmmoFormatException(name, 0, 0, $"the file starts like gzip but does not decompress: {ex.Message}");
        }
    }

    private static ReadOnlyMemory<byte> ReadAll(Stream stream, string name, long maxBytes, bool compressed)
    {
        string tooLarge = compressed
            ? $"the file decompresses to more than {maxBytes} bytes, the most Barrage reads (ammo is kept in memory)"
            : $"the file is larger than {maxBytes} bytes, the most Barrage reads (ammo is kept in memory)";
        if (stream.CanSeek && stream.Length - stream.Position > maxBytes)
            throw new AmmoFormatException(name, 0, maxBytes, tooLarge);
        var content = new MemoryStream(stream.CanSeek ? (int)(stream.Length - stream.Position) : 1 << 16);
        byte[] buffer = new byte[1 << 16];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            if (content.Length + read > maxBytes)
                throw new AmmoFormatException(name, 0, maxBytes, tooLarge);
            content.Write(buffer, 0, read);
        }
        return content.GetBuffer().AsMemory(0, (int)content.Length);
    }
}
