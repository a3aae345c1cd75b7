namespace Barrage.Web.Live;

/// <summary>Where a live run is: its name, store id and whether it is still going.</summary>
/// <remarks>Status: <c>starting</c>, <c>running</c> or <c>finished</c>.</remarks>
internal sealed record LiveState(string Name, long? RunId, string Status, int? ExitCode, bool CanStop, int Frames);
