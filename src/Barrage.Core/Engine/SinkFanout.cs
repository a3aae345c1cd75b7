namespace Barrage.Engine;

/// <summary>Passes every sample to several sinks, in order.</summary>
public sealed class SinkFanout(IReadOnlyList<ISampleSink> sinks) : ISampleSink
{
    private readonly ISampleSink[] _sinks = [.. sinks];

    public void Record(in Sample sample)
    {
        foreach (var sink in _sinks)
            sink.Record(sample);
    }

    public void RecordCheck(in CheckSample check)
    {
        foreach (var sink in _sinks)
            sink.RecordCheck(check);
    }
}
