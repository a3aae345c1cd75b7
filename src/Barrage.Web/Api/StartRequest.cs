namespace Barrage.Web.Api;

/// <summary>The Start page's form: a plan by name and what to override.</summary>
/// <remarks>Plan: A name from <c>GET /api/plans</c>. Users: Replaces the plan's users (closed model). Duration: Replaces the plan's duration, e.g. <c>30s</c>. Schedule: Replaces the plan's rate schedule (open model), e.g. <c>const(100, 30s)</c>.</remarks>
internal sealed record StartRequest(string? Plan, int? Users, string? Duration, string? Schedule);
