namespace Barrage.Transport;

/// <summary>Makes a transport for each user. Thread-safe.</summary>
public interface ITransportFactory
{
    ITransport Create();
}
