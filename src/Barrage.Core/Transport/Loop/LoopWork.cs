namespace Barrage.Transport.Loop;

/// <summary>Something another thread asks a loop to do for one of its transports.</summary>
/// <param name="Transport">The transport concerned.</param>
/// <param name="Op">What to do.</param>
/// <param name="Request">The request it concerns (its sequence number), so that a late cancellation cannot hit the next one.</param>
internal readonly record struct LoopWork(LoopTransport Transport, LoopOp Op, int Request);
