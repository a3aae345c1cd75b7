using Barrage.Formats.Imports;

namespace Barrage.Formats.Har;

/// <summary>How <see cref="HarImport"/> turns a recording into a plan.</summary>
public sealed record HarImportOptions
{
    /// <summary>The plan's target; by default the origin most requests went to.</summary>
    public Uri? Target { get; init; }

    /// <summary>Host patterns to keep (<c>*.shop.test</c>, <c>api.shop.test</c>); empty keeps every host.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Host patterns to leave out (analytics, CDNs); applied after <see cref="Include"/>.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Keep every recorded header, browser noise included (hop-by-hop ones are never kept).</summary>
    public bool KeepHeaders { get; init; }

    /// <summary>Keep the recorded Cookie headers instead of leaving cookies to the user's cookie jar.</summary>
    public bool KeepCookies { get; init; }

    /// <summary>What the entries are, for the plan's first comment line; by default "the HAR recording FILE".</summary>
    public string? SourceDescription { get; init; }

    /// <summary>A pause within a page at least this long becomes a think time; pauses between pages always do.</summary>
    public TimeSpan MinThink { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Trace values from responses (JSON fields, headers, tokens in a page) that later requests send back, turning
    /// them into extractions and variables; needs a recording with responses.
    /// </summary>
    /// <remarks>Defaults to true.</remarks>
    public bool Trace { get; init; } = true;

    /// <summary>What the recording itself could not hold (traffic through CONNECT tunnels), to list with the import's own warnings.</summary>
    public IReadOnlyList<ImportWarning> Warnings { get; init; } = [];
}
