using System.Text;
using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>Requests and responses as <c>--debug</c> prints them, with credentials masked.</summary>
internal static class DebugText
{
    private const int MaxBody = 2048;
    private static readonly string[] Secret = ["Authorization", "Proxy-Authorization", "Cookie"];

    public static string Request(VirtualUser user, PreparedRequest request)
    {
        var sb = new StringBuilder();
        sb.Append("[user ").Append(user.UserId).Append("] >> ");
        if (request.IsRaw)
        {
            var raw = request.RawRequest.Span;
            var end = raw.IndexOf("\r\n\r\n"u8);
            var headText = Encoding.UTF8.GetString(end < 0 ? raw : raw[..end]);
            var lines = headText.Split("\r\n");
            sb.Append(lines[0]).Append(" (").Append(request.Uri.GetLeftPart(UriPartial.Authority)).Append(')');
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                AppendHeader(sb, colon < 0 ? line : line[..colon], colon < 0 ? "" : line[(colon + 1)..].Trim());
            }
            if (end >= 0)
                AppendBody(sb, raw[(end + 4)..]);
        }
        else
        {
            sb.Append(request.Method).Append(' ').Append(request.Uri);
            foreach (var (name, value) in request.Headers)
                AppendHeader(sb, name, value);
            AppendBody(sb, request.Body.Span);
        }
        return sb.ToString();
    }

    public static string Response(VirtualUser user, PreparedRequest request, in TransportResult result)
    {
        var outcome = result.NetCode == NetCodes.Ok ? $"{result.StatusCode}" : $"net error {result.NetCode} ({NetCodes.Describe(result.NetCode)})";
        var totalMs = (result.ConnectUs + result.SendUs + result.LatencyUs + result.ReceiveUs) / 1000.0;
        return $"[user {user.UserId}] << {outcome} {request.Tag}: {totalMs:0.###} ms, {result.BytesIn} bytes in";
    }

    /// <summary>A header value as shown: credentials become <c>***</c>, keeping the scheme (<c>Bearer ***</c>).</summary>
    public static string Mask(string name, string value)
    {
        if (!Secret.Contains(name, StringComparer.OrdinalIgnoreCase))
            return value;
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        return name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) || space < 0 ? "***" : value[..space] + " ***";
    }

    private static void AppendHeader(StringBuilder sb, string name, string value) =>
        sb.Append("\n    ").Append(name).Append(": ").Append(Mask(name, value));

    private static void AppendBody(StringBuilder sb, ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
            return;
        var shown = body.Length > MaxBody ? body[..MaxBody] : body;
        sb.Append("\n    ").Append(System.Text.Unicode.Utf8.IsValid(shown) ? Encoding.UTF8.GetString(shown) : $"({body.Length} bytes)");
        if (body.Length > MaxBody)
            sb.Append(" ... (").Append(body.Length).Append(" bytes)");
    }
}
