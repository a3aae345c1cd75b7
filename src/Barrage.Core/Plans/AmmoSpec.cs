namespace Barrage.Plans;

/// <summary>A Phantom ammo file whose requests users send in turn, from a cursor shared by all of them.</summary>
/// <param name="Path">The file, as a full path.</param>
/// <param name="Style"><c>auto</c>, <c>request</c>, <c>uri</c> or <c>uripost</c>.</param>
/// <param name="Loop">Start again at the first request when the file ends; when false the run ends with the file.</param>
public sealed record AmmoSpec(string Path, string Style = "auto", bool Loop = true)
{
    /// <summary>The styles a plan may name.</summary>
    public static readonly IReadOnlyList<string> Styles = ["auto", "request", "uri", "uripost"];
}
