using System.Globalization;
using Barrage.Cluster.Protocol;

namespace Barrage.Cluster;

/// <summary>
/// One agent's phout as the coordinator collects it: chunks written strictly in sequence order, each once; a chunk that
/// comes after a hole is held (up to <see cref="MaxHeld"/>) until the hole is filled by the agent's resend. The file is
/// complete when every sequence up to the last arrived, or when its end did not but every byte of its size did.
/// </summary>
internal sealed class PhoutIntake(string path) : IAsyncDisposable
{
    /// <summary>How many chunks past a hole are held: more than an agent's window, so a resend fills the hole and the rest follows.</summary>
    public const int MaxHeld = 32;

    private readonly Dictionary<long, PhoutChunk> _held = [];
    private FileStream? _file;
    private long _next;
    private long _size;

    /// <summary>The file (it exists once a chunk was written).</summary>
    public string Path => path;

    /// <summary>Every sequence up to this one is written: what the coordinator acknowledges.</summary>
    public long Written => _next - 1;

    /// <summary>Bytes written so far.</summary>
    public long Bytes { get; private set; }

    /// <summary>True once the last chunk is written or the agent gave up: nothing more is taken.</summary>
    public bool Ended { get; private set; }

    /// <summary>Why the collected file is not the agent's whole file (with how much is missing); null while it can still be complete, or when it is.</summary>
    public string? Incomplete { get; private set; }

    /// <summary>Takes a chunk: writes it and what it unblocks when it is the next one, holds it when early, ignores it when written already.</summary>
    public async Task TakeAsync(PhoutChunk chunk, CancellationToken cancel)
    {
        if (Ended)
            return;
        _size = Math.Max(_size, chunk.Size);
        if (chunk.GaveUp)
        {
            await EndAsync(Whole ? null : $"the agent gave up shipping it ({chunk.Error}); {Missing()}").ConfigureAwait(false);
            return;
        }
        if (chunk.Sequence < _next)
            return; // a resend of a chunk whose acknowledgement was lost
        if (chunk.Sequence > _next)
        {
            if (chunk.Sequence < _next + MaxHeld)
                _held.TryAdd(chunk.Sequence, chunk);
            return;
        }
        await WriteAsync(chunk, cancel).ConfigureAwait(false);
        while (!Ended && _held.Remove(_next, out var held))
            await WriteAsync(held, cancel).ConfigureAwait(false);
    }

    /// <summary>Ends the collection short (the coordinator gives up waiting), saying why and how much is missing.</summary>
    public Task GiveUpAsync(string why) => Ended ? Task.CompletedTask : EndAsync(Whole ? null : $"{why}; {Missing()}");

    /// <summary>Every byte of the file's size is written: only its (empty) end did not come, which loses nothing.</summary>
    private bool Whole => _size > 0 && Bytes == _size;

    private async Task WriteAsync(PhoutChunk chunk, CancellationToken cancel)
    {
        if (_file is null)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
            _file = File.Create(path);
        }
        await _file.WriteAsync(chunk.Data, cancel).ConfigureAwait(false);
        Bytes += chunk.Data.Length;
        _next++;
        if (chunk.Last)
            await EndAsync(chunk.Error is null ? null : $"the agent could not read it ({chunk.Error}); {Missing()}").ConfigureAwait(false);
    }

    private async Task EndAsync(string? incomplete)
    {
        Ended = true;
        Incomplete = incomplete;
        _held.Clear();
        await DisposeAsync().ConfigureAwait(false);
    }

    private string Missing() => _size > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{_size - Bytes} of {_size} bytes missing, from chunk {_next} (byte {Bytes}) on")
        : string.Create(CultureInfo.InvariantCulture, $"{Bytes} bytes arrived, the file's size is unknown");

    /// <summary>Closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_file is not null)
            await _file.DisposeAsync().ConfigureAwait(false);
        _file = null;
    }
}
