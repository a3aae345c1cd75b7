namespace Barrage.Cluster;

/// <summary>How a <c>barrage agent</c> joins.</summary>
/// <param name="NatsUrl">The NATS server (credentials and TLS in the URL are passed through to the client).</param>
/// <param name="Name">The name shown in the coordinator's breakdown.</param>
/// <param name="Token">A shared secret the coordinator must present; null for none.</param>
public sealed record AgentOptions(string NatsUrl, string Name, string? Token = null);
