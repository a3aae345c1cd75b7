namespace Barrage.Cluster.Protocol;

/// <summary>
/// Counts, codes and compressed HdrHistograms of one aggregate as they travel between agent and coordinator:
/// an agent's second of <c>Aggregate</c> (three histograms) or of one tag's <c>SeriesStats</c> (six).
/// </summary>
/// <remarks>Histograms hold HdrHistogram's compressed encoding of each histogram, in its kind's order; empty for an empty one.</remarks>
internal sealed record EncodedStats(
    long Requests, long Successes, long NetErrors, long HttpErrors, long BytesIn, long BytesOut, long Dropped,
    Dictionary<int, long> Status, Dictionary<int, long> NetCodes, byte[][] Histograms)
{
    /// <summary>Check verdicts: per check and tag for an aggregate, one row with empty names for a tag's second.</summary>
    public List<EncodedCheck> Checks { get; init; } = [];
}

/// <summary>How often one check passed and failed on one tag.</summary>
internal sealed record EncodedCheck(string Check, string Tag, long Passed, long Failed);
