namespace Barrage.Thresholds;

/// <summary>Why a threshold expression could not be read, and where: <paramref name="Column"/> is 1-based in the expression.</summary>
public sealed record ThresholdSyntaxError(int Column, string Message);
