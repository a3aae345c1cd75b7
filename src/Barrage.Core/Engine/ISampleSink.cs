namespace Barrage.Engine;

/// <summary>
/// Receives every sample. Called on the generator's hot path from many threads at once: it must be
/// thread-safe, cheap, and never block (a slow consumer queues and drops, it never slows the generator).
/// </summary>
public interface ISampleSink
{
    void Record(in Sample sample);
}
