using System.Text;
using Barrage.Scenarios;
using Barrage.Transport;

namespace Barrage.Core.Tests.Scenarios;

/// <summary>Responses to judge, built as a transport would capture them.</summary>
internal static class Responses
{
    public static CheckInput Input(int status, string body = "", IReadOnlyList<KeyValuePair<string, string>>? headers = null, long totalUs = 1000) =>
        Input(status, Encoding.UTF8.GetBytes(body), headers, totalUs);

    public static CheckInput Input(int status, byte[] body, IReadOnlyList<KeyValuePair<string, string>>? headers = null, long totalUs = 1000)
    {
        var view = new ResponseView(status, headers ?? [], body, body.Length, 1024 * 1024);
        return new CheckInput(new TransportResult(0, 0, 0, 0, 10, body.Length, NetCodes.Ok, status) { Response = view }, totalUs);
    }

    public static CheckInput Json(string json) => Input(200, json, [new("Content-Type", "application/json")]);

    /// <summary>A request that failed in the transport: no status, no response.</summary>
    public static CheckInput Failed(int netCode) => new(TransportResult.Failed(netCode), 5000);

    /// <summary>A response that was not captured.</summary>
    public static CheckInput Uncaptured(int status) => new(new TransportResult(0, 0, 0, 0, 10, 10, NetCodes.Ok, status), 1000);
}
