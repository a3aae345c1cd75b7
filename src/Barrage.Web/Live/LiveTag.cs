namespace Barrage.Web.Live;

/// <summary>A tag's totals so far (one row of the live per-tag table); times in µs.</summary>
internal sealed record LiveTag(string Tag, long Requests, long Errors, long P50, long P90, long P99, long Max, long LastSecondRequests);
