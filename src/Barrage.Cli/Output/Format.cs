using System.Globalization;

namespace Barrage.Cli.Output;

/// <summary>Numbers as people read them in the live view and the summary.</summary>
internal static class Format
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A time in microseconds: "850 µs", "1.23 ms", "2.50 s".</summary>
    public static string Micros(double us) => us switch
    {
        < 1000 => string.Create(Invariant, $"{us:0} µs"),
        < 1_000_000 => string.Create(Invariant, $"{us / 1000:0.00} ms"),
        _ => string.Create(Invariant, $"{us / 1_000_000:0.00} s"),
    };

    public static string Count(long n) => n.ToString("N0", Invariant);

    public static string Rate(double perSecond) => perSecond.ToString(perSecond < 100 ? "N1" : "N0", Invariant);

    public static string Percent(long part, long whole) =>
        whole == 0 ? "0.00%" : (100.0 * part / whole).ToString("0.00", Invariant) + "%";

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => string.Create(Invariant, $"{bytes} B"),
        < 1024 * 1024 => string.Create(Invariant, $"{bytes / 1024.0:0.0} KiB"),
        < 1024L * 1024 * 1024 => string.Create(Invariant, $"{bytes / (1024.0 * 1024):0.0} MiB"),
        _ => string.Create(Invariant, $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB"),
    };

    public static string Duration(TimeSpan t) => t.TotalHours >= 1
        ? t.ToString(@"h\:mm\:ss", Invariant)
        : t.ToString(@"mm\:ss", Invariant);
}
