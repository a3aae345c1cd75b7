using System.Net.Sockets;
using System.Text;

namespace Barrage.Target.Tests;

/// <summary>Talks HTTP/1.1 over a bare socket, to see exactly the bytes (and the way the connection ends).</summary>
internal static class RawHttp
{
    /// <summary>What came back: every byte read, and how reading ended (null: a clean end of stream).</summary>
    public sealed record Exchange(byte[] Received, Exception? Error)
    {
        public string Text => Encoding.ASCII.GetString(Received);
    }

    /// <summary>Sends <paramref name="request"/> and reads until the server ends the connection (or the wait, 5 s by default, is over).</summary>
    public static async Task<Exchange> SendAsync(Uri server, string request, TimeSpan? wait = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        using var timeout = new CancellationTokenSource(wait ?? TimeSpan.FromSeconds(5));
        try
        {
            while (true)
            {
                int read = await stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                    return new Exchange(received.ToArray(), null);
                received.Write(buffer, 0, read);
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            return new Exchange(received.ToArray(), ex);
        }
    }

    /// <summary>
    /// Reads one response with a Content-Length off a connection that stays open, and no byte more: what follows on
    /// the connection is the next exchange's (or a tunnel's).
    /// </summary>
    public static async Task<(string Head, string Body)> ReadResponseAsync(Stream stream, CancellationToken cancel)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await stream.ReadAsync(one, cancel) == 0)
                throw new EndOfStreamException($"the connection ended inside a response head: {Encoding.ASCII.GetString([.. head])}");
            head.Add(one[0]);
        }
        var text = Encoding.ASCII.GetString([.. head]);
        var length = text.Split("\r\n").Select(line => line.Split(':', 2)).Where(h => h.Length == 2 && h[0].Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(h => int.Parse(h[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Single();
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, cancel);
        return (text, Encoding.UTF8.GetString(body));
    }

    /// <summary>A proxied GET (absolute-form target) that leaves the connection open, as bytes to send.</summary>
    public static byte[] ProxiedGet(Uri url) => Encoding.ASCII.GetBytes($"GET {url} HTTP/1.1\r\nHost: {url.Authority}\r\n\r\n");

    /// <summary>A CONNECT to <paramref name="authority"/> (<c>host:port</c>), as bytes to send.</summary>
    public static byte[] Connect(string authority) => Encoding.ASCII.GetBytes($"CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n\r\n");

    /// <summary>A GET that asks the server to close after answering, so reading to the end is bounded.</summary>
    public static string Get(string path) => $"GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n";

    /// <summary>The body after the head of a raw response.</summary>
    public static string BodyOf(string response) => response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];

    /// <summary>The expected pattern content: byte i is 'a' + i % 26.</summary>
    public static string Pattern(int length, int offset = 0) =>
        string.Create(length, offset, static (span, start) =>
        {
            for (int i = 0; i < span.Length; i++)
                span[i] = (char)('a' + (start + i) % 26);
        });
}
