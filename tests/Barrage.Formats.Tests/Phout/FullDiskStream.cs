namespace Barrage.Formats.Tests.Phout;

/// <summary>
/// A disk with room for <c>capacity</c> bytes: a write that does not fit stores what fits and then
/// throws ENOSPC's IOException, as a filling disk does in the middle of a write.
/// </summary>
internal sealed class FullDiskStream(int capacity) : Stream
{
    public const string NoSpace = "No space left on device";

    private readonly MemoryStream _stored = new();

    /// <summary>Completes when the first write fails.</summary>
    public TaskCompletionSource Failed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public byte[] ToArray() => _stored.ToArray();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        int room = (int)Math.Max(0, capacity - _stored.Length);
        if (buffer.Length <= room)
        {
            _stored.Write(buffer);
            return;
        }
        _stored.Write(buffer[..room]);
        Failed.TrySetResult();
        throw new IOException(NoSpace);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
        catch (IOException ex)
        {
            return ValueTask.FromException(ex);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override bool CanRead => false;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length => _stored.Length;

    public override long Position
    {
        get => _stored.Position;
        set => _stored.Position = value;
    }

    public override void SetLength(long value) => _stored.SetLength(value);

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => _stored.Seek(offset, origin);
}
