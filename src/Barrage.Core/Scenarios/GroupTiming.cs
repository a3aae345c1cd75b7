using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>What a group has gathered so far from its requests: bytes, and the worst outcome (a transport error, else the highest status).</summary>
internal sealed class GroupTiming
{
    private long _bytesOut;
    private long _bytesIn;
    private int _netCode;
    private int _status;
    private OutcomeKind _kind;

    public void Add(in TransportResult result)
    {
        lock (this)
        {
            _bytesOut += result.BytesOut;
            _bytesIn += result.BytesIn;
            if (_netCode == NetCodes.Ok && result.NetCode != NetCodes.Ok)
            {
                _netCode = result.NetCode;
                _status = 0;
                _kind = result.Kind;
            }
            else if (_netCode == NetCodes.Ok && result.StatusCode > _status)
            {
                _status = result.StatusCode;
                _kind = result.Kind; // the group's outcome is of the kind of the result that decided it (ws steps alone: WS)
            }
        }
    }

    /// <summary>The group's result: no phases (its samples have them), the bytes of its requests and its worst outcome.</summary>
    public TransportResult Result()
    {
        lock (this)
            return new TransportResult(0, 0, 0, 0, _bytesOut, _bytesIn, _netCode, _status) { Kind = _kind };
    }
}
