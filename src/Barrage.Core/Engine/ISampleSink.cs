namespace Barrage.Engine;

/// <summary>
/// Receives every sample. Called on the generator's hot path from many threads at once: it must be
/// thread-safe, cheap, and never block (a slow consumer queues and drops, it never slows the generator).
/// </summary>
public interface ISampleSink
{
    void Record(in Sample sample);

    /// <summary>Receives a check's verdict, with the same rules as <see cref="Record"/>; sinks that do not count checks ignore it.</summary>
    /// <remarks>
    /// A method beside <see cref="Record"/> rather than a field of <see cref="Sample"/>: a request has any number of
    /// checks (most have none), so a field would need a list per sample, and every consumer of samples would pay for it.
    /// </remarks>
    void RecordCheck(in CheckSample check)
    {
    }
}
