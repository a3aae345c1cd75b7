using Barrage.Reporting.Export;

namespace Barrage.Reporting.Store;

/// <summary>The gauges of a run as sampled during one second of it.</summary>
/// <param name="Second">Seconds since the run started.</param>
/// <param name="Gauges">Users, requests in flight and the planned rate at that moment.</param>
public sealed record GaugeSample(long Second, RunGauges Gauges);
