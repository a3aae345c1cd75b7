namespace Barrage.Transport;

/// <summary>
/// A transport factory whose transports are driven by threads of its own ("lanes": event loops), each of which
/// can also run timers (<see cref="ILaneTimer"/>). The open model paces on those threads, so a request costs no
/// hand-over between threads: the lane's timer starts it on the thread that sends it and reads its response.
/// </summary>
internal interface ILaneTransportFactory : ITransportFactory
{
    /// <summary>How many lanes there are.</summary>
    int Lanes { get; }

    /// <summary>Makes a transport driven by lane <paramref name="lane"/>.</summary>
    ITransport Create(int lane);

    /// <summary>Runs <paramref name="timer"/> on lane <paramref name="lane"/> until its <see cref="ILaneTimer.OnDue"/> returns false. Any thread.</summary>
    void Start(int lane, ILaneTimer timer);

    /// <summary>Makes lane <paramref name="lane"/> look at its timers' due times now (one was lowered). Any thread.</summary>
    void Wake(int lane);
}
