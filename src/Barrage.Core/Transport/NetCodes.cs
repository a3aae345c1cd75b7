namespace Barrage.Transport;

/// <summary>
/// Transport outcome codes, errno-style as Phantom writes them in phout's <c>net_code</c> column,
/// so tools that read phout understand them. Codes of 1000 and above are Barrage's own.
/// </summary>
public static class NetCodes
{
    /// <summary>The exchange completed (whatever the HTTP status).</summary>
    public const int Ok = 0;

    /// <summary>EPIPE: the connection was closed while the request was being sent.</summary>
    public const int BrokenPipe = 32;

    /// <summary>EPROTO: the response was not valid HTTP (bad status line, bad chunk, headers too large, body longer than announced).</summary>
    public const int ProtocolError = 71;

    /// <summary>ECONNRESET: the peer reset the connection, or closed it before the response was complete.</summary>
    public const int ConnectionReset = 104;

    /// <summary>ETIMEDOUT: the connect or the whole request took longer than its timeout.</summary>
    public const int Timeout = 110;

    /// <summary>ECONNREFUSED: nothing listens at the target's address.</summary>
    public const int ConnectionRefused = 111;

    /// <summary>EHOSTUNREACH: no route to the target's host.</summary>
    public const int HostUnreachable = 113;

    /// <summary>ECANCELED: the test stopped while the request was in flight and it did not finish within the graceful stop.</summary>
    public const int Cancelled = 125;

    /// <summary>Pandora's and Barrage's code for a scheduled request that never went out because every slot was busy.</summary>
    public const int Dropped = 777;

    /// <summary>The target's host name could not be resolved.</summary>
    public const int DnsFailure = 1001;

    /// <summary>The TLS handshake failed (including a certificate that was rejected).</summary>
    public const int TlsFailure = 1002;

    /// <summary>Any other transport failure.</summary>
    public const int Other = 1099;

    /// <summary>A short name for a code, for summaries: "refused", "timeout"...</summary>
    public static string Describe(int code) => code switch
    {
        Ok => "ok",
        BrokenPipe => "broken pipe",
        ProtocolError => "protocol error",
        ConnectionReset => "connection reset",
        Timeout => "timeout",
        ConnectionRefused => "connection refused",
        HostUnreachable => "host unreachable",
        Cancelled => "cut at graceful stop",
        Dropped => "dropped",
        DnsFailure => "dns failure",
        TlsFailure => "tls failure",
        _ => "error",
    };

    /// <summary>Codes that mean the target could not be reached at all (as opposed to answering badly).</summary>
    public static bool IsUnreachable(int code) =>
        code is ConnectionRefused or HostUnreachable or DnsFailure or TlsFailure;
}
