namespace Barrage.Cluster.Protocol;

/// <summary>One sealed second of one tag from an agent's time series (a late delta when <paramref name="IsLate"/>).</summary>
internal sealed record EncodedSlice(long Second, string Tag, bool IsLate, EncodedStats Stats);
