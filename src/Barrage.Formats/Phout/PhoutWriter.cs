using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using Barrage.Engine;

namespace Barrage.Formats.Phout;

/// <summary>
/// Writes every sample as one phout line (Phantom's result format, see DESIGN.md), so Yandex.Tank and
/// Overload tooling read Barrage's results. <see cref="Record"/> only queues the sample: formatting and
/// writing happen on a background task, so a slow or full disk never slows the generator.
/// </summary>
/// <remarks>
/// <para>Columns: time, tag, interval_real, connect_time, send_time, latency, receive_time,
/// interval_event, size_out, size_in, net_code, proto_code. <c>interval_event</c> is the total time
/// waiting on I/O: connect + send + latency + receive.</para>
/// <para>Memory: the queue is unbounded up to <c>maxBacklog</c> samples (about 100 bytes each, so the
/// default of 2^20 is about 100 MB, ten seconds of 100k requests/s against a stalled disk). Beyond it
/// samples are counted as lost instead of growing without end; nothing ever waits.</para>
/// <para>Failures: the first write that fails (a full disk, any I/O error) stops writing; the file is
/// cut back to its last complete line, every later sample is counted as lost, and the reason is in
/// <see cref="Result"/>. Nothing is thrown to the generator.</para>
/// </remarks>
public sealed class PhoutWriter : ISampleSink, IAsyncDisposable
{
    /// <summary>How many samples may wait to be written before new ones are counted as lost.</summary>
    public const long DefaultMaxBacklog = 1 << 20;

    // One write to the OS per chunk. The file itself is opened without a buffer, so a failed write
    // is attributable to exact lines (a second buffer in FileStream would hide which ones landed).
    internal const int ChunkSize = 256 * 1024;

    // Tools that follow phout live (as Yandex.Tank does) see lines at most this late; polling while
    // lines are pending batches the writes instead of waking once per sample.
    private static readonly TimeSpan WriteInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    private readonly Channel<Sample> _queue = Channel.CreateUnbounded<Sample>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = false,
        // Never run the writer's continuation on a generator thread.
        AllowSynchronousContinuations = false,
    });

    private readonly Stream _stream;
    private readonly long _maxBacklog;
    private readonly Task _writing;

    // Touched by generator threads.
    private long _backlog;
    private long _overflowLost;
    private long _lateLost;

    // Owned by the writing task; read only once it has finished.
    private long _written;
    private long _lost;
    private long _committedBytes;
    private string? _ioError;

    internal PhoutWriter(Stream stream, long maxBacklog = DefaultMaxBacklog)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBacklog, 1);
        _stream = stream;
        _maxBacklog = maxBacklog;
        _writing = Task.Run(WriteLoopAsync);
    }

    /// <summary>Creates (or truncates) the file at <paramref name="path"/> and starts writing to it.</summary>
    /// <param name="path">Where the phout file goes.</param>
    /// <param name="maxBacklog">Samples that may wait for the disk before new ones are counted as lost.</param>
    /// <exception cref="IOException">The file cannot be created.</exception>
    public static PhoutWriter Create(string path, long maxBacklog = DefaultMaxBacklog)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBacklog, 1);
        return new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0), maxBacklog);
    }

    /// <summary>Queues the sample for writing. Thread-safe, never blocks, never throws.</summary>
    /// <remarks>
    /// A group's (transaction's) sample is not written: phout has a line per request, and Yandex.Tank's tools and
    /// <c>barrage merge</c> count each line as one. The group's times are in the summary, the run store and the reports.
    /// </remarks>
    public void Record(in Sample sample)
    {
        if (sample.IsGroup)
            return;
        if (Interlocked.Increment(ref _backlog) > _maxBacklog)
        {
            Interlocked.Decrement(ref _backlog);
            Interlocked.Increment(ref _overflowLost);
            return;
        }
        if (!_queue.Writer.TryWrite(sample))
        {
            Interlocked.Decrement(ref _backlog);
            Interlocked.Increment(ref _lateLost);
        }
    }

    /// <summary>The outcome, once <see cref="CompleteAsync"/> has finished.</summary>
    /// <exception cref="InvalidOperationException">The writer has not completed yet.</exception>
    public PhoutWriteResult Result
    {
        get
        {
            if (!_writing.IsCompleted)
                throw new InvalidOperationException("The phout writer has not completed yet; await CompleteAsync first.");
            long overflow = Interlocked.Read(ref _overflowLost);
            long late = Interlocked.Read(ref _lateLost);
            string? error = _ioError
                ?? (overflow > 0 ? $"the disk fell behind: more than {_maxBacklog} samples were waiting to be written" : null)
                ?? (late > 0 ? "samples were recorded after the phout writer was completed" : null);
            return new PhoutWriteResult(_written, _lost + overflow + late, error);
        }
    }

    /// <summary>
    /// Stops accepting samples, writes every queued one, closes the file and returns the outcome.
    /// Safe to call more than once; never throws for I/O failures (they are in the result).
    /// </summary>
    public async Task<PhoutWriteResult> CompleteAsync()
    {
        _queue.Writer.TryComplete();
        await _writing;
        return Result;
    }

    /// <summary>Same as <see cref="CompleteAsync"/>.</summary>
    public async ValueTask DisposeAsync() => await CompleteAsync();

    private async Task WriteLoopAsync()
    {
        var reader = _queue.Reader;
        byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        int used = 0;
        long lines = 0;
        long lastWrite = Stopwatch.GetTimestamp();
        try
        {
            while (true)
            {
                while (reader.TryRead(out var sample))
                {
                    Interlocked.Decrement(ref _backlog);
                    if (_ioError is not null)
                    {
                        _lost++;
                        continue;
                    }
                    int needed = PhoutLineFormatter.MaxLength(sample.Tag);
                    if (chunk.Length - used < needed)
                    {
                        await WriteAsync(chunk, used, lines);
                        (used, lines, lastWrite) = (0, 0, Stopwatch.GetTimestamp());
                        if (_ioError is not null)
                        {
                            _lost++;
                            continue;
                        }
                        if (chunk.Length < needed)
                        {
                            // A tag longer than a chunk: rare enough to just grow.
                            ArrayPool<byte>.Shared.Return(chunk);
                            chunk = ArrayPool<byte>.Shared.Rent(needed);
                        }
                    }
                    used += PhoutLineFormatter.Format(sample, chunk.AsSpan(used));
                    lines++;
                }

                bool finished = reader.Completion.IsCompleted;
                if (used > 0 && (finished || Stopwatch.GetElapsedTime(lastWrite) >= WriteInterval))
                {
                    await WriteAsync(chunk, used, lines);
                    (used, lines, lastWrite) = (0, 0, Stopwatch.GetTimestamp());
                }
                if (finished)
                    break;
                if (used > 0)
                    await Task.Delay(PollInterval);
                else if (!await reader.WaitToReadAsync())
                    break;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
            Close();
        }
    }

    private async ValueTask WriteAsync(byte[] chunk, int count, long lines)
    {
        if (_ioError is not null)
        {
            _lost += lines;
            return;
        }
        try
        {
            await _stream.WriteAsync(chunk.AsMemory(0, count));
            _committedBytes += count;
            _written += lines;
        }
        catch (Exception ex)
        {
            // Whatever the stream throws, the test goes on: the loss is reported at the end.
            _ioError = ex.Message;
            long landed = KeepCompleteLines(chunk, count);
            _written += landed;
            _lost += lines - landed;
        }
    }

    // After a failed write, part of the chunk may be in the file (a disk fills up mid-write). Count the
    // complete lines that landed and cut the torn one, so the file still parses line by line.
    private long KeepCompleteLines(byte[] chunk, int count)
    {
        int landed;
        try
        {
            if (!_stream.CanSeek)
                return 0;
            landed = (int)Math.Clamp(_stream.Length - _committedBytes, 0, count);
        }
        catch (Exception)
        {
            return 0; // unknown: count them as lost
        }
        int complete = chunk.AsSpan(0, landed).LastIndexOf((byte)'\n') + 1;
        if (complete < landed)
        {
            try
            {
                _stream.SetLength(_committedBytes + complete);
            }
            catch (Exception)
            {
                // The torn line stays; readers will name its line.
            }
        }
        _committedBytes += complete;
        return chunk.AsSpan(0, complete).Count((byte)'\n');
    }

    private void Close()
    {
        try
        {
            if (_ioError is null)
            {
                // On disk, not only in the page cache: this runs at the end of a test, once.
                if (_stream is FileStream file)
                    file.Flush(flushToDisk: true);
                else
                    _stream.Flush();
            }
        }
        catch (Exception ex)
        {
            _ioError = ex.Message;
        }
        try
        {
            _stream.Dispose();
        }
        catch (Exception ex)
        {
            _ioError ??= ex.Message;
        }
    }
}
