using System.Text;

namespace Barrage.Formats.Ammo;

/// <summary>
/// Reads a whole ammo file held in memory into requests. Raw requests and bodies are slices of the
/// file's bytes, not copies. Every problem is an <see cref="AmmoFormatException"/> naming line and offset.
/// </summary>
internal sealed class AmmoParser
{
    // Paths are checked against a stand-in target: any real target only changes the authority.
    private static readonly Uri ProbeTarget = new("http://localhost/");

    private readonly ReadOnlyMemory<byte> _data;
    private readonly string _file;
    private readonly List<AmmoRequest> _requests = [];
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);

    // Shared by every request until a header line changes it, so a million URIs share one array.
    private KeyValuePair<string, string>[] _headers = [];
    private int _position;
    private int _line = 1;

    private AmmoParser(ReadOnlyMemory<byte> data, string file)
    {
        _data = data;
        _file = file;
    }

    public static List<AmmoRequest> Parse(ReadOnlyMemory<byte> data, string file, AmmoStyle style)
    {
        if (data.IsEmpty)
            throw new AmmoFormatException(file, 1, 0, "the file is empty");
        var parser = new AmmoParser(data, file);
        switch (style == AmmoStyle.Auto ? Detect(data.Span) : style)
        {
            case AmmoStyle.Uri:
                parser.ParseUris();
                break;
            case AmmoStyle.UriPost:
                parser.ParseUriPosts();
                break;
            default:
                parser.ParseRawRequests();
                break;
        }
        if (parser._requests.Count == 0)
            throw parser.Error(parser._line, parser._position, "no requests found in the file");
        return parser._requests;
    }

    /// <summary>
    /// The style from the first line that is neither blank nor a header: "/path" is uri-style; a size
    /// followed by an HTTP request line is request-style; "size /path" is uripost; anything else is
    /// request-style (whose parser then names the line). Header lines alone mean uri-style.
    /// </summary>
    internal static AmmoStyle Detect(ReadOnlySpan<byte> data)
    {
        bool sawHeader = false;
        int position = 0;
        while (position < data.Length)
        {
            int lineEnd = data[position..].IndexOf((byte)'\n');
            int next = lineEnd < 0 ? data.Length : position + lineEnd + 1;
            var line = Trim(data[position..(lineEnd < 0 ? data.Length : position + lineEnd)]);
            position = next;
            if (line.IsEmpty)
                continue;
            if (line[0] == '[')
            {
                sawHeader = true;
                continue;
            }
            if (line[0] == '/')
                return AmmoStyle.Uri;
            Split(line, out var first, out var rest);
            if (IsNumber(first))
            {
                Split(rest, out var second, out _);
                bool requestFollows = HttpRequestLine.TryParse(data[position..], out _, out _, out _);
                return !requestFollows && second.StartsWith((byte)'/') ? AmmoStyle.UriPost : AmmoStyle.Request;
            }
            return sawHeader ? AmmoStyle.Uri : AmmoStyle.Request;
        }
        return sawHeader ? AmmoStyle.Uri : AmmoStyle.Request;
    }

    // <size>[ <tag>] LF <size bytes of request> [LF] ...
    private void ParseRawRequests()
    {
        bool afterRequest = false;
        while (NextLine(out int start, out int number, out var text))
        {
            var line = Trim(text);
            if (line.IsEmpty)
                continue;
            Split(line, out var sizeText, out var tag);
            string hint = afterRequest ? " (is the size of the request before it right?)" : "";
            int size = ParseSize(sizeText, number, start, $"expected a request size in bytes, found '{AmmoText.Show(line)}'{hint}");
            if (size == 0)
                return; // Phantom starts over at a zero size: nothing after it is ever sent
            int requestLine = _line, requestStart = _position;
            var raw = TakeBytes(size, number, start, "request");
            if (!HttpRequestLine.TryParse(raw.Span, out string method, out string target, out string problem))
                throw Error(requestLine, requestStart, problem);
            if (AmmoRequest.Resolve(ProbeTarget, target) is null)
                throw Error(requestLine, requestStart, $"the request target '{AmmoText.Show(Encoding.UTF8.GetBytes(target))}' is not a valid path and query");
            _requests.Add(new AmmoRequest(Intern(tag), Intern(method), target, [], ReadOnlyMemory<byte>.Empty, raw));
            afterRequest = true;
        }
    }

    // [Header: value] LF ... /path[ tag] LF ...
    private void ParseUris()
    {
        while (NextLine(out int start, out int number, out var text))
        {
            var line = Trim(text);
            if (line.IsEmpty)
                continue;
            if (line[0] == '[')
            {
                SetHeader(line, number, start);
                continue;
            }
            if (line[0] != '/')
                throw Error(number, start, $"expected a '/path[ tag]' or a '[Header: value]' line, found '{AmmoText.Show(line)}'");
            Split(line, out var path, out var tag);
            _requests.Add(new AmmoRequest(Intern(tag), "GET", ParsePath(path, number, start), _headers,
                ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty));
        }
    }

    // [Header: value] LF ... <size> /path[ tag] LF <size bytes of body> [LF] ...
    private void ParseUriPosts()
    {
        while (NextLine(out int start, out int number, out var text))
        {
            var line = Trim(text);
            if (line.IsEmpty)
                continue;
            if (line[0] == '[')
            {
                SetHeader(line, number, start);
                continue;
            }
            Split(line, out var sizeText, out var rest);
            Split(rest, out var path, out var tag);
            string expected = $"expected '<body size> /path[ tag]', found '{AmmoText.Show(line)}'";
            int size = ParseSize(sizeText, number, start, expected);
            if (path.IsEmpty)
                throw Error(number, start, expected);
            string parsedPath = ParsePath(path, number, start);
            var body = TakeBytes(size, number, start, "body");
            _requests.Add(new AmmoRequest(Intern(tag), "POST", parsedPath, _headers, body, ReadOnlyMemory<byte>.Empty));
        }
    }

    // Yandex.Tank's rule: a header applies to every request after it until the same name is set again.
    // Barrage's addition: an empty value ("[Name:]") removes the header (Tank would send it empty;
    // its documentation does not say), since otherwise uri-style ammo has no way to drop one.
    private void SetHeader(ReadOnlySpan<byte> line, int number, int start)
    {
        string expected = $"expected a header line like '[Name: value]', found '{AmmoText.Show(line)}'";
        if (line[^1] != ']')
            throw Error(number, start, expected);
        var inside = line[1..^1];
        int colon = inside.IndexOf((byte)':');
        if (colon < 0)
            throw Error(number, start, expected);
        var name = Trim(inside[..colon]);
        var value = Trim(inside[(colon + 1)..]);
        if (name.IsEmpty || name.ContainsAnyExcept(HttpRequestLine.TokenChars))
            throw Error(number, start, $"'{AmmoText.Show(name)}' is not a valid header name");
        if (value.IndexOfAnyInRange((byte)0, (byte)0x08) >= 0 || value.IndexOfAnyInRange((byte)0x0A, (byte)0x1F) >= 0 || value.IndexOf((byte)0x7F) >= 0)
            throw Error(number, start, $"the value of header '{AmmoText.Show(name)}' contains a control character");

        string headerName = Encoding.ASCII.GetString(name);
        string headerValue = Encoding.UTF8.GetString(value);
        var headers = new List<KeyValuePair<string, string>>(_headers.Length + 1);
        bool replaced = false;
        foreach (var header in _headers)
        {
            if (!header.Key.Equals(headerName, StringComparison.OrdinalIgnoreCase))
            {
                headers.Add(header);
            }
            else if (headerValue.Length > 0 && !replaced)
            {
                headers.Add(new(headerName, headerValue)); // replaced in place: order stays as first written
                replaced = true;
            }
        }
        if (headerValue.Length > 0 && !replaced)
            headers.Add(new(headerName, headerValue));
        _headers = [.. headers];
    }

    private string ParsePath(ReadOnlySpan<byte> path, int number, int start)
    {
        if (!path.StartsWith((byte)'/'))
            throw Error(number, start, $"expected a path starting with '/', found '{AmmoText.Show(path)}'");
        string text = Encoding.UTF8.GetString(path);
        if (AmmoRequest.Resolve(ProbeTarget, text) is null)
            throw Error(number, start, $"'{AmmoText.Show(path)}' is not a valid path and query");
        return text;
    }

    // Exactly `size` bytes after the current line, then the one line end that separates them from the
    // next entry (not part of the request). Line numbers count the lines inside the bytes.
    private ReadOnlyMemory<byte> TakeBytes(int size, int number, int start, string what)
    {
        int left = _data.Length - _position;
        if (size > left)
            throw Error(number, start, $"the {what} size {size} is larger than the rest of the file ({left} bytes)");
        var bytes = _data.Slice(_position, size);
        _line += bytes.Span.Count((byte)'\n');
        _position += size;
        var after = _data.Span[_position..];
        if (after.StartsWith((byte)'\n'))
            (_position, _line) = (_position + 1, _line + 1);
        else if (after.StartsWith("\r\n"u8))
            (_position, _line) = (_position + 2, _line + 1);
        return bytes;
    }

    private int ParseSize(ReadOnlySpan<byte> text, int number, int start, string expected)
    {
        if (!IsNumber(text))
            throw Error(number, start, expected);
        long size = 0;
        foreach (byte digit in text)
        {
            size = size * 10 + (digit - '0');
            if (size > int.MaxValue)
                throw Error(number, start, $"the size {AmmoText.Show(text)} is larger than the file can be");
        }
        return (int)size;
    }

    private bool NextLine(out int start, out int number, out ReadOnlySpan<byte> text)
    {
        var data = _data.Span;
        start = _position;
        number = _line;
        if (_position >= data.Length)
        {
            text = default;
            return false;
        }
        int lineEnd = data[_position..].IndexOf((byte)'\n');
        if (lineEnd < 0)
        {
            text = data[_position..];
            _position = data.Length;
        }
        else
        {
            text = data.Slice(_position, lineEnd);
            _position += lineEnd + 1;
            _line++;
        }
        return true;
    }

    private string Intern(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
            return "";
        string text = Encoding.UTF8.GetString(bytes);
        return Intern(text);
    }

    private string Intern(string text)
    {
        if (_strings.TryGetValue(text, out string? known))
            return known;
        _strings.Add(text, text);
        return text;
    }

    private AmmoFormatException Error(int line, int offset, string problem) => new(_file, line, offset, problem);

    private static bool IsNumber(ReadOnlySpan<byte> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange((byte)'0', (byte)'9');

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text) => text.Trim(" \t\r"u8);

    // First word and the trimmed rest, split at the first space or tab.
    private static void Split(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> first, out ReadOnlySpan<byte> rest)
    {
        int gap = line.IndexOfAny((byte)' ', (byte)'\t');
        first = gap < 0 ? line : line[..gap];
        rest = gap < 0 ? default : Trim(line[gap..]);
    }
}
