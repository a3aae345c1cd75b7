namespace Barrage.Transport.Loop;

/// <summary>The kinds of <see cref="LoopWork"/>.</summary>
internal enum LoopOp : byte
{
    /// <summary>Start the request the transport holds.</summary>
    Begin,

    /// <summary>The caller cancelled: end the request with <see cref="NetCodes.Cancelled"/>.</summary>
    Cancel,

    /// <summary>The host name of the request's endpoint was resolved (or failed to).</summary>
    Resolved,

    /// <summary>Close the connection and leave the loop.</summary>
    Dispose,
}
