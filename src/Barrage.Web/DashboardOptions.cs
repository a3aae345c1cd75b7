namespace Barrage.Web;

/// <summary>How <c>barrage ui</c> serves the dashboard.</summary>
public sealed record DashboardOptions
{
    /// <summary>The address to listen on, <c>host:port</c> or <c>[v6]:port</c> (port 0 picks a free one).</summary>
    /// <remarks>Defaults to 127.0.0.1:8089. Any address but a loopback one needs a <see cref="Token"/> (one is generated if none is given).</remarks>
    public string Listen { get; init; } = "127.0.0.1:8089";

    /// <summary>The run store file (already resolved: <c>--store</c>, BARRAGE_STORE or the default).</summary>
    public required string StorePath { get; init; }

    /// <summary>The folder whose plans the Start page offers; null hides the Start page.</summary>
    public string? PlansDirectory { get; init; }

    /// <summary>The access token every request must carry (header, or the cookie a <c>?token=</c> link sets); null for none.</summary>
    public string? Token { get; init; }

    /// <summary>Whether the Start page may start a run while another runs.</summary>
    /// <remarks>Defaults to false: one run at a time.</remarks>
    public bool AllowConcurrentRuns { get; init; }

    /// <summary>Where the Start page's runs write their files (a folder per run).</summary>
    /// <remarks>Defaults to <c>runs</c> beside the store file.</remarks>
    public string? RunsDirectory { get; init; }
}
