using Barrage.Transport;

namespace Barrage.Engine;

/// <summary>One place for the open model's arrivals to run: a transport (a connection) and its session's state.</summary>
internal sealed class OpenModelSlot(ITransport transport)
{
    public ITransport Transport { get; } = transport;

    /// <summary>True once the slot ran its set-up (<c>init</c>).</summary>
    public bool Initialized { get; set; }
}
