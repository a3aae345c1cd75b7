namespace Barrage.Cluster.Protocol;

/// <summary>The coordinator's answer to an agent's reports: every sequence up to <c>Applied</c> is merged, resend none of them.</summary>
internal sealed record ReportAck(long Applied);
