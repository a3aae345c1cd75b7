namespace Barrage.Web.Live;

/// <summary>One server-sent event: its name and its JSON data, serialized once for every client.</summary>
internal sealed record LiveMessage(string Event, string Data);
