using System.Globalization;

namespace Barrage.Reporting.Reports;

/// <summary>Numbers as the text reports show them: invariant culture, thousands separators, units that fit.</summary>
internal static class ReportFormat
{
    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static string Rate(double perSecond) => perSecond.ToString(perSecond >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => (fraction * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    /// <summary>Microseconds as µs below 1 ms, ms below 10 s, s above.</summary>
    public static string Micros(double us) => us switch
    {
        < 1000 => us.ToString("0", CultureInfo.InvariantCulture) + " µs",
        < 10_000_000 => (us / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " ms",
        _ => (us / 1_000_000).ToString("0.00", CultureInfo.InvariantCulture) + " s",
    };

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KiB",
        < 1024L * 1024 * 1024 => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes / 1073741824.0).ToString("0.00", CultureInfo.InvariantCulture) + " GiB",
    };

    public static string Seconds(double s) => s.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
