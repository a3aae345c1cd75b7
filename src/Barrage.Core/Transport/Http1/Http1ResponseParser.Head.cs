namespace Barrage.Transport.Http1;

// The status line and header fields, one byte at a time. A bare LF is accepted as a line end
// (RFC 9112 §2.2 allows it); a CR must be followed by LF.
internal sealed partial class Http1ResponseParser
{
    private void Step(byte b)
    {
        switch (_state)
        {
            case State.StatusLine: StatusLineByte(b); break;
            case State.StatusAfterCode:
                if (b == ' ') _state = State.Reason;
                else EndOfLine(b, State.StatusLineFeed, Http1ParseError.BadStatusLine);
                break;
            case State.Reason:
                if (b is (byte)'\r' or (byte)'\n') EndOfLine(b, State.StatusLineFeed, Http1ParseError.BadStatusLine);
                else if (IsControl(b)) Fail(Http1ParseError.BadStatusLine);
                break;
            case State.StatusLineFeed:
                if (b == '\n') _state = State.HeaderLineStart;
                else Fail(Http1ParseError.BadStatusLine);
                break;
            case State.HeaderLineStart: HeaderLineStartByte(b); break;
            case State.HeaderName: HeaderNameByte(b); break;
            case State.HeaderValueStart:
                if (b is (byte)' ' or (byte)'\t') break;
                if (b is (byte)'\r' or (byte)'\n') { EndOfLine(b, State.HeaderLineFeed, Http1ParseError.BadHeader); break; }
                if (IsControl(b)) { Fail(Http1ParseError.BadHeader); break; }
                if (_kind == HeaderKind.Other) { _state = State.SkippedHeaderValue; break; }
                _state = State.HeaderValue;
                ValueByte(b);
                break;
            case State.HeaderValue:
                if (b is (byte)'\r' or (byte)'\n') EndOfLine(b, State.HeaderLineFeed, Http1ParseError.BadHeader);
                else if (IsControl(b)) Fail(Http1ParseError.BadHeader);
                else ValueByte(b);
                break;
            case State.HeaderLineFeed:
                if (b == '\n') EndHeaderLine();
                else Fail(Http1ParseError.BadHeader);
                break;
            case State.HeadEndLineFeed:
                if (b == '\n') EndOfHead();
                else Fail(_inTrailers ? Http1ParseError.BadChunk : Http1ParseError.BadHeader);
                break;
            default: ChunkStep(b); break;
        }
    }

    // CR waits for its LF in the given state; LF ends the line at once.
    private void EndOfLine(byte b, State lineFeedState, Http1ParseError error)
    {
        if (b == '\r')
        {
            _state = lineFeedState;
            return;
        }

        if (b != '\n')
        {
            Fail(error);
            return;
        }

        _state = lineFeedState;
        Step(b);
    }

    // "HTTP/1.x ddd": a fixed shape, checked by position.
    private void StatusLineByte(byte b)
    {
        int index = _statusIndex++;
        bool ok = index switch
        {
            < 5 => b == "HTTP/"u8[index],
            5 => b == '1',
            6 => b == '.',
            7 => IsDigit(b),
            8 => b == ' ',
            9 => b is >= (byte)'1' and <= (byte)'9',
            _ => IsDigit(b),
        };
        if (!ok)
        {
            Fail(Http1ParseError.BadStatusLine);
            return;
        }

        if (index == 7)
            _minorVersion = b - '0';
        else if (index >= 9)
            _statusCode = _statusCode * 10 + (b - '0');
        if (index == 11)
            _state = State.StatusAfterCode;
    }

    private void HeaderLineStartByte(byte b)
    {
        if (b == '\r')
        {
            _state = State.HeadEndLineFeed;
        }
        else if (b == '\n')
        {
            EndOfHead();
        }
        else if (s_tokenChars.Contains(b))
        {
            // A line starting with whitespace (obsolete folding) is not a token and is rejected here.
            _nameLength = 0;
            AppendNameByte(b);
            _state = State.HeaderName;
        }
        else
        {
            Fail(_inTrailers ? Http1ParseError.BadChunk : Http1ParseError.BadHeader);
        }
    }

    private void HeaderNameByte(byte b)
    {
        if (s_tokenChars.Contains(b))
        {
            AppendNameByte(b);
        }
        else if (b == ':')
        {
            _kind = _inTrailers ? HeaderKind.Other : Classify(_nameLength < 0 ? default : _name.AsSpan(0, _nameLength));
            _number = 0;
            _sawDigit = false;
            _sawSpaceAfterDigits = false;
            _tokenLength = 0;
            _tokenEnded = false;
            _state = State.HeaderValueStart;
        }
        else
        {
            // Whitespace between the name and the colon included (RFC 9112 §5.1: must be rejected).
            Fail(_inTrailers ? Http1ParseError.BadChunk : Http1ParseError.BadHeader);
        }
    }

    // "HTTP/1.x ddd" is 12 bytes.
    private const int StatusLineLength = 12;

    // The whole "HTTP/1.x ddd" at once when it is all there and well-formed; otherwise false, and the bytes go
    // through StatusLineByte, which finds the fault at the same byte as ever.
    private bool TakeStatusLine(ReadOnlySpan<byte> data)
    {
        if (data.Length < StatusLineLength || _sectionBytes + StatusLineLength > _maxHeadBytes)
            return false;
        if (!data.StartsWith("HTTP/1."u8) || !IsDigit(data[7]) || data[8] != ' '
            || data[9] is < (byte)'1' or > (byte)'9' || !IsDigit(data[10]) || !IsDigit(data[11]))
            return false;
        _sectionBytes += StatusLineLength;
        _minorVersion = data[7] - '0';
        _statusCode = ((data[9] - '0') * 100) + ((data[10] - '0') * 10) + (data[11] - '0');
        _statusIndex = StatusLineLength;
        _state = State.StatusAfterCode;
        return true;
    }

    // In Reason, HeaderName, or the value of Connection / Transfer-Encoding: takes the bytes up to (not
    // including) the first one that Step must judge, i.e. what Step would take without a state change or a
    // token boundary. Returns how many; 0 when the first byte ends the run.
    private int SkipRun(ReadOnlySpan<byte> data)
    {
        int stop = _state switch
        {
            State.Reason => data.IndexOfAny(s_valueStops),
            State.HeaderName => data.IndexOfAnyExcept(s_tokenChars),
            _ => data.IndexOfAny(s_tokenStops),
        };
        int run = stop < 0 ? data.Length : stop;
        if (run == 0)
            return 0;
        _sectionBytes += run;
        if (_sectionBytes > _maxHeadBytes)
        {
            Fail(_sectionTooLong);
            return run;
        }

        if (_state == State.HeaderValue)
        {
            // As ValueByte, byte by byte: a token after whitespace, or longer than any of interest, is unknown.
            if (_tokenEnded || _tokenLength < 0 || _tokenLength + run > TokenCapacity)
            {
                _tokenLength = -1;
            }
            else
            {
                for (int k = 0; k < run; k++)
                    _token[_tokenLength + k] = ToLower(data[k]);
                _tokenLength += run;
            }
        }
        else if (_state == State.HeaderName && _nameLength >= 0)
        {
            if (_nameLength + run > NameCapacity)
            {
                _nameLength = -1; // longer than any name of interest
            }
            else
            {
                for (int k = 0; k < run; k++)
                    _name[_nameLength + k] = ToLower(data[k]);
                _nameLength += run;
            }
        }

        return run;
    }

    private void AppendNameByte(byte b)
    {
        if (_nameLength < 0)
            return;
        if (_nameLength == NameCapacity)
        {
            _nameLength = -1; // longer than any name of interest
            return;
        }

        _name[_nameLength++] = ToLower(b);
    }

    private static HeaderKind Classify(ReadOnlySpan<byte> lowerName)
    {
        if (lowerName.SequenceEqual("content-length"u8))
            return HeaderKind.ContentLength;
        if (lowerName.SequenceEqual("transfer-encoding"u8))
            return HeaderKind.TransferEncoding;
        if (lowerName.SequenceEqual("connection"u8))
            return HeaderKind.Connection;
        return HeaderKind.Other;
    }

    // A byte of the value of a header we interpret (leading whitespace already skipped, CR/LF handled).
    private void ValueByte(byte b)
    {
        if (_kind == HeaderKind.ContentLength)
        {
            if (IsDigit(b) && !_sawSpaceAfterDigits)
            {
                if (_number > (long.MaxValue - 9) / 10)
                {
                    Fail(Http1ParseError.BadContentLength);
                    return;
                }

                _number = _number * 10 + (b - '0');
                _sawDigit = true;
            }
            else if (b is (byte)' ' or (byte)'\t')
            {
                _sawSpaceAfterDigits = true;
            }
            else
            {
                // Lists ("5, 5"), signs and anything else: a length we cannot be sure of.
                Fail(Http1ParseError.BadContentLength);
            }

            return;
        }

        // Transfer-Encoding and Connection: comma-separated tokens, compared case-insensitively.
        if (b == ',')
        {
            EndToken();
        }
        else if (b is (byte)' ' or (byte)'\t')
        {
            _tokenEnded |= _tokenLength != 0;
        }
        else if (_tokenEnded || _tokenLength < 0 || _tokenLength == TokenCapacity)
        {
            _tokenLength = -1; // "chun ked" or a token longer than any of interest: an unknown token
        }
        else
        {
            _token[_tokenLength++] = ToLower(b);
        }
    }

    private void EndToken()
    {
        if (_tokenLength != 0)
        {
            ReadOnlySpan<byte> token = _tokenLength < 0 ? default : _token.AsSpan(0, _tokenLength);
            if (_kind == HeaderKind.TransferEncoding)
            {
                // Only a final "chunked" frames the body (RFC 9112 §6.3); several fields form one list.
                _hasTransferEncoding = true;
                _chunkedIsLast = _tokenLength > 0 && token.SequenceEqual("chunked"u8);
            }
            else if (_tokenLength > 0)
            {
                _connectionClose |= token.SequenceEqual("close"u8);
                _connectionKeepAlive |= token.SequenceEqual("keep-alive"u8);
            }
        }

        _tokenLength = 0;
        _tokenEnded = false;
    }

    private void EndHeaderLine()
    {
        switch (_kind)
        {
            case HeaderKind.ContentLength:
                if (!_sawDigit || (_contentLength >= 0 && _contentLength != _number))
                {
                    Fail(Http1ParseError.BadContentLength);
                    return;
                }

                _contentLength = _number;
                break;
            case HeaderKind.TransferEncoding:
            case HeaderKind.Connection:
                EndToken();
                break;
        }

        _kind = HeaderKind.Other;
        _state = State.HeaderLineStart;
    }

    private void EndOfHead()
    {
        if (_inTrailers)
        {
            _state = State.Done;
            return;
        }

        // Every byte of this head went through _sectionBytes, the head's budget, so it is the head's length.
        if (_headSink is not null)
        {
            _headDone = _statusCode >= 200;
            _headSink.OnHeadEnd(_statusCode, _sectionBytes);
        }

        if (_statusCode < 200)
        {
            // Interim responses (100 Continue, 103 Early Hints) precede the real one; an upgrade we never
            // asked for would turn the connection into something we cannot read.
            if (_statusCode == 101)
                Fail(Http1ParseError.UnexpectedUpgrade);
            else if (++_interimResponses > MaxInterimResponses)
                Fail(Http1ParseError.TooManyInterimResponses);
            else
                StartMessage();
            return;
        }

        _keepAlive = _minorVersion >= 1 ? !_connectionClose : _connectionKeepAlive && !_connectionClose;
        if (_headRequest || _statusCode is 204 or 304)
        {
            _state = State.Done;
        }
        else if (_hasTransferEncoding)
        {
            // With both Transfer-Encoding and Content-Length the message is suspect (RFC 9112 §6.3):
            // read it by its Transfer-Encoding, then do not trust the connection with another request.
            _keepAlive &= _chunkedIsLast && _contentLength < 0;
            if (_chunkedIsLast)
                StartChunkSizeLine();
            else
                _state = State.UntilClose;
        }
        else if (_contentLength > 0)
        {
            _remaining = _contentLength;
            _state = State.ContentLengthBody;
        }
        else if (_contentLength == 0)
        {
            _state = State.Done;
        }
        else
        {
            _keepAlive = false;
            _state = State.UntilClose;
        }
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool IsControl(byte b) => (b < 0x20 && b != '\t') || b == 0x7F;

    private static byte ToLower(byte b) => (uint)(b - 'A') <= 'Z' - 'A' ? (byte)(b | 0x20) : b;
}
