using Barrage.Engine;
using Barrage.Transport;

namespace Barrage.Formats.Tests.Phout;

/// <summary>Builds samples with every measured value distinct, so a swapped column shows.</summary>
internal static class Samples
{
    public static Sample Make(
        string tag = "tag",
        long startUnixMicros = 1_700_000_000_123_456,
        long totalUs = 1000,
        long connectUs = 11,
        long sendUs = 22,
        long latencyUs = 333,
        long receiveUs = 444,
        long bytesOut = 55,
        long bytesIn = 666,
        int netCode = 0,
        int statusCode = 200) => new()
        {
            Tag = tag,
            StartUnixMicros = startUnixMicros,
            ScheduledUs = 0,
            StartUs = 0,
            TotalUs = totalUs,
            Result = new TransportResult(connectUs, sendUs, latencyUs, receiveUs, bytesOut, bytesIn, netCode, statusCode),
        };

    /// <summary>The i-th sample of a long run: every column derived from i.</summary>
    public static Sample Numbered(long i, string tag = "t") => Make(
        tag: tag,
        startUnixMicros: 1_700_000_000_000_000 + i * 1000,
        totalUs: 10 * i + 9,
        connectUs: i % 3,
        sendUs: i % 7,
        latencyUs: i,
        receiveUs: 2 * i,
        bytesOut: i % 100,
        bytesIn: i * 5,
        netCode: (int)(i % 5 == 0 ? NetCodes.Timeout : NetCodes.Ok),
        statusCode: i % 5 == 0 ? 0 : 200 + (int)(i % 4));
}
