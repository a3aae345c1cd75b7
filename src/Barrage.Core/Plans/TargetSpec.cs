namespace Barrage.Plans;

/// <summary>
/// Where requests go: an absolute base URL, or <c>builtin</c> (Barrage starts its own target server
/// on a free loopback port and uses that).
/// </summary>
public sealed record TargetSpec
{
    private TargetSpec(Uri? url, bool builtin)
    {
        Url = url;
        IsBuiltin = builtin;
    }

    /// <summary>The base URL; null when <see cref="IsBuiltin"/>.</summary>
    public Uri? Url { get; }

    /// <summary>True when Barrage starts its own target server.</summary>
    public bool IsBuiltin { get; }

    /// <summary>The built-in target server.</summary>
    public static TargetSpec Builtin { get; } = new(null, true);

    /// <summary>A target at an absolute base URL.</summary>
    public static TargetSpec ForUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
            throw new ArgumentException("The target URL must be absolute.", nameof(url));
        return new TargetSpec(url, false);
    }

    /// <summary><c>builtin</c> or the URL, as a plan writes it.</summary>
    public override string ToString() => IsBuiltin ? "builtin" : Url!.ToString();
}
