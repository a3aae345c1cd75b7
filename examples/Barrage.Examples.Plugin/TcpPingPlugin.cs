using Barrage.Plans;
using Barrage.Scenarios;

namespace Barrage.Examples.Plugin;

/// <summary>
/// Adds <c>tcp_ping: HOST:PORT</c> to plans: each run opens a TCP connection and closes it, recording the connect time
/// as a sample (tag <c>TCP ping HOST:PORT</c> unless <c>tag:</c> says otherwise), with <c>timeout:</c> (default 5s).
/// </summary>
/// <example>
/// <code>
/// plugins: [ Barrage.Examples.Plugin.dll ]
/// scenario:
///   main:
///     - tcp_ping: 127.0.0.1:5432
///       timeout: 1s
/// </code>
/// </example>
public sealed class TcpPingPlugin : IActivityPlugin
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <inheritdoc/>
    public string Kind => "tcp_ping";

    /// <inheritdoc/>
    public IReadOnlyCollection<string> Options { get; } = ["timeout", "tag"];

    /// <inheritdoc/>
    public ICustomActivity? Create(ActivityArguments arguments)
    {
        var ok = true;
        if (arguments.Value is not { } address)
        {
            arguments.Error("needs the address to ping, as host:port (tcp_ping: 127.0.0.1:5432)");
            return null;
        }
        // With macros, the address is only known per run; without, a mistake is the plan's.
        if (!address.Contains("${", StringComparison.Ordinal) && !TcpPing.TryParseAddress(address, out _, out _))
        {
            arguments.Error($"expected host:port with a port from 1 to 65535, got '{address}'");
            ok = false;
        }
        var timeout = DefaultTimeout;
        if (arguments.Option("timeout") is { } text && (!Durations.TryParse(text, out timeout, out var error) || timeout <= TimeSpan.Zero))
        {
            arguments.Error("timeout", error ?? $"must be longer than zero, got '{text}'");
            ok = false;
        }
        return ok ? new TcpPing(address, timeout, arguments.Option("tag")) : null;
    }
}
