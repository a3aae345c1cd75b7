namespace Barrage.Formats.Tests.Phout;

/// <summary>A disk that stalls: every write waits until the test opens the gate.</summary>
internal sealed class GatedStream : MemoryStream
{
    /// <summary>Completes when the first write starts (and is stuck at the gate).</summary>
    public TaskCompletionSource WriteStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        WriteStarted.TrySetResult();
        await Gate.Task;
        Write(buffer.Span);
    }
}
