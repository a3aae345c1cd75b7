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
