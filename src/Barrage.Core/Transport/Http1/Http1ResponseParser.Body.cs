namespace Barrage.Transport.Http1;

// Bodies: by Content-Length, chunked (RFC 9112 §7.1, extensions skipped, trailers read and ignored),
// or until the connection closes. Runs of body bytes and skipped header values are taken in bulk.
internal sealed partial class Http1ResponseParser
{
    // A chunk size that would not fit in a long after one more hex digit.
    private const long MaxChunkSizeBeforeDigit = long.MaxValue >> 4;

    private void StartChunkSizeLine()
    {
        _state = State.ChunkSizeStart;
        _remaining = 0;
        StartSection(Http1ParseError.BadChunk);
    }

    private void ChunkStep(byte b)
    {
        switch (_state)
        {
            case State.ChunkSizeStart:
                if (HexValue(b) is var first and >= 0)
                {
                    _remaining = first;
                    _state = State.ChunkSize;
                }
                else
                {
                    Fail(Http1ParseError.BadChunk);
                }

                break;
            case State.ChunkSize:
                if (HexValue(b) is var digit and >= 0)
                {
                    if (_remaining > MaxChunkSizeBeforeDigit)
                        Fail(Http1ParseError.BadChunk);
                    else
                        _remaining = (_remaining << 4) | (uint)digit;
                }
                else
                {
                    AfterChunkSize(b);
                }

                break;
            case State.ChunkSizeSpace:
                AfterChunkSize(b);
                break;
            case State.ChunkExtension:
                // Extensions (";name=value", quoted or not) are not interpreted; only controls are refused.
                if (b is (byte)'\r' or (byte)'\n') EndOfChunkLine(b);
                else if (IsControl(b)) Fail(Http1ParseError.BadChunk);
                break;
            case State.ChunkSizeLineFeed:
                if (b == '\n') EndChunkSizeLine();
                else Fail(Http1ParseError.BadChunk);
                break;
            case State.ChunkDataCarriageReturn:
                // Anything but the line end here means the chunk was longer than its size said.
                if (b == '\r') _state = State.ChunkDataLineFeed;
                else if (b == '\n') StartChunkSizeLine();
                else Fail(Http1ParseError.BadChunk);
                break;
            case State.ChunkDataLineFeed:
                if (b == '\n') StartChunkSizeLine();
                else Fail(Http1ParseError.BadChunk);
                break;
            default:
                // Unreachable: every byte-at-a-time state is handled above or in Step.
                Fail(Http1ParseError.BadChunk);
                break;
        }
    }

    private void AfterChunkSize(byte b)
    {
        if (b is (byte)' ' or (byte)'\t')
            _state = State.ChunkSizeSpace; // BWS before an extension or the line end
        else if (b == ';')
            _state = State.ChunkExtension;
        else if (b is (byte)'\r' or (byte)'\n')
            EndOfChunkLine(b);
        else
            Fail(Http1ParseError.BadChunk);
    }

    private void EndOfChunkLine(byte b)
    {
        if (b == '\r')
            _state = State.ChunkSizeLineFeed;
        else
            EndChunkSizeLine();
    }

    private void EndChunkSizeLine()
    {
        if (_remaining > 0)
        {
            _state = State.ChunkData;
            return;
        }

        // The last chunk: trailer fields follow, up to an empty line.
        _inTrailers = true;
        _state = State.HeaderLineStart;
        StartSection(Http1ParseError.HeadersTooLarge);
    }

    // Consumes a run of bytes in a bulk state and returns how many it took (at least one).
    private int ParseBulk(ReadOnlySpan<byte> data)
    {
        switch (_state)
        {
            case State.ContentLengthBody:
            case State.ChunkData:
            {
                int take = (int)Math.Min(_remaining, data.Length);
                Body(data[..take]);
                _remaining -= take;
                if (_remaining == 0)
                    _state = _state == State.ContentLengthBody ? State.Done : State.ChunkDataCarriageReturn;
                return take;
            }

            case State.UntilClose:
                Body(data);
                return data.Length;

            case State.SkippedHeaderValue:
            {
                int stop = data.IndexOfAny(s_valueStops);
                int take = stop < 0 ? data.Length : stop + 1;
                _sectionBytes += take;
                if (_sectionBytes > _maxHeadBytes)
                    Fail(_sectionTooLong);
                else if (stop >= 0)
                    EndOfLine(data[stop], State.HeaderLineFeed, _inTrailers ? Http1ParseError.BadChunk : Http1ParseError.BadHeader);
                return take;
            }

            default:
                Fail(Http1ParseError.BadChunk);
                return data.Length;
        }
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
