namespace Barrage.Metrics.TimeSeries;

/// <summary>
/// One second of one tag (or of all tags), handed out by <see cref="TimeSeriesCollector.Flush"/> once the second is sealed.
/// </summary>
/// <param name="Second">Seconds since the run started (from <see cref="Engine.Sample.StartUs"/>).</param>
/// <param name="Tag">The tag; null for the row of all tags together.</param>
/// <param name="Stats">What the second held. It is recycled after the callback returns: copy or encode it there.</param>
/// <param name="IsLate">
/// True for samples of a second that was already sealed (a request that started long before it ended):
/// a delta that readers add to the earlier slice of the same second and tag.
/// </param>
public sealed record SeriesSlice(long Second, string? Tag, SeriesStats Stats, bool IsLate);
