namespace Barrage.Cluster;

/// <summary>How a <c>barrage agent</c> joins.</summary>
/// <param name="NatsUrl">The NATS server (credentials and TLS in the URL are passed through to the client).</param>
/// <param name="Name">The name shown in the coordinator's breakdown.</param>
/// <param name="Token">A shared secret the coordinator must present; null for none.</param>
/// <param name="OutDir">Where each run's <c>phout.log</c> is written (in a directory named after the run); null for none.</param>
public sealed record AgentOptions(string NatsUrl, string Name, string? Token = null, string? OutDir = null);
