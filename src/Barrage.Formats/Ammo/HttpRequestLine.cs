using System.Buffers;
using System.Text;

namespace Barrage.Formats.Ammo;

/// <summary>Checks that raw request bytes start like an HTTP/1.x request, so a wrong size in request-style ammo is caught before the test.</summary>
internal static class HttpRequestLine
{
    /// <summary>RFC 9110 token characters: what a method or a header name is made of.</summary>
    internal static readonly SearchValues<byte> TokenChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>Reads the method and request target of <paramref name="raw"/>, or says what is wrong with it.</summary>
    public static bool TryParse(ReadOnlySpan<byte> raw, out string method, out string target, out string problem)
    {
        method = target = problem = "";
        int lineEnd = raw.IndexOf((byte)'\n');
        var line = lineEnd < 0 ? raw : raw[..lineEnd];
        if (line.EndsWith((byte)'\r'))
            line = line[..^1];
        int space = line.IndexOf((byte)' ');
        int secondSpace = space < 0 ? -1 : line[(space + 1)..].IndexOf((byte)' ');
        if (lineEnd < 0 || space <= 0 || secondSpace <= 0
            || line[..space].ContainsAnyExcept(TokenChars)
            || !IsTarget(line.Slice(space + 1, secondSpace))
            || !IsVersion(line[(space + 1 + secondSpace + 1)..]))
        {
            problem = $"the request does not start with an HTTP request line like 'GET /path HTTP/1.1': found '{AmmoText.Show(line)}'";
            return false;
        }
        // The header block ends with an empty line: a line end followed by another ("\n\n" or "\n\r\n").
        var fromLineEnd = raw[line.Length..];
        if (fromLineEnd.IndexOf("\n\n"u8) < 0 && fromLineEnd.IndexOf("\n\r\n"u8) < 0)
        {
            problem = "the request's headers do not end with an empty line; is its size right?";
            return false;
        }
        method = Encoding.ASCII.GetString(line[..space]);
        target = Encoding.UTF8.GetString(line.Slice(space + 1, secondSpace));
        return true;
    }

    private static bool IsTarget(ReadOnlySpan<byte> target) =>
        !target.IsEmpty && target.IndexOfAnyInRange((byte)0, (byte)' ') < 0 && target.IndexOf((byte)0x7F) < 0;

    private static bool IsVersion(ReadOnlySpan<byte> version) =>
        version.Length == 8 && version.StartsWith("HTTP/"u8)
        && char.IsAsciiDigit((char)version[5]) && version[6] == '.' && char.IsAsciiDigit((char)version[7]);
}
