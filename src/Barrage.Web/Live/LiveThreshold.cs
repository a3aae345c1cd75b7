namespace Barrage.Web.Live;

/// <summary>A threshold judged on the run's totals so far.</summary>
internal sealed record LiveThreshold(string Expression, string Value, bool Passed, string? Note);
