namespace Barrage.FunctionalTests.Reports;

/// <summary>A fact that needs Chromium: skipped (with the reason) only where Chromium is missing and could not be installed.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Unavailable is { } reason)
            Skip = reason;
    }
}
