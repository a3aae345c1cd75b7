namespace Barrage.Cluster.Protocol;

/// <summary>
/// A piece of an agent's phout file shipped to the coordinator after the run (<c>--collect-phout</c>). <c>Sequence</c>
/// counts from 0; the agent resends a chunk until the coordinator acknowledges it (<see cref="PhoutAck"/>), and the
/// coordinator writes each sequence once, in order. The last one has <c>Last</c> set and no data (with <c>Error</c> when
/// the file could not be read to its end). <c>Size</c> is the file's length, so the coordinator can say how much is
/// missing. <c>GaveUp</c>: the agent stopped shipping (<c>Error</c> says why); what it did not get acknowledged never comes.
/// </summary>
internal sealed record PhoutChunk(int Index, long Sequence, byte[] Data, bool Last, string? Error, long Size = 0, bool GaveUp = false);
