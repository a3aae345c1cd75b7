using Barrage.Engine;
using Barrage.Metrics.TimeSeries;
using Barrage.Transport;

namespace Barrage.Metrics;

public sealed class OutcomesTests
{
    private static TransportResult Http(int status, int net = NetCodes.Ok) => new(0, 0, 10, 0, 10, 10, net, status);

    private static TransportResult Ws(int net = NetCodes.Ok, int status = 101) =>
        new(0, 0, 10, 0, 10, 10, net, net == NetCodes.Ok ? status : 0) { Kind = OutcomeKind.WebSocket };

    private static Sample Sample(in TransportResult result) => new()
    {
        Tag = "t", StartUnixMicros = 0, ScheduledUs = 0, StartUs = 0, TotalUs = 10, Result = result,
    };

    [Fact]
    public void StatusKey_WebSocketSuccess_IsItsOwnKind_NotTheUpgradesStatus()
    {
        Assert.Equal(Outcomes.WebSocketOk, Outcomes.StatusKey(Ws()));
        Assert.False(Outcomes.IsHttpStatus(Outcomes.WebSocketOk));
        Assert.Equal(0, Outcomes.StatusKey(Ws(NetCodes.Timeout)));
        Assert.Equal(0, Outcomes.StatusKey(new TransportResult(0, 0, 0, 0, 0, 0, NetCodes.ProtocolError, 404) { Kind = OutcomeKind.WebSocket }));
    }

    [Fact]
    public void StatusKey_PlainHttp101_StaysHttp()
    {
        Assert.Equal(101, Outcomes.StatusKey(Http(101)));
        Assert.True(Outcomes.IsHttpStatus(101));
        Assert.Equal(new OutcomeRow(Outcomes.Http, "1xx", 1), Assert.Single(Outcomes.Table([new(101, 1L)], [])));
    }

    [Fact]
    public void Table_WebSocketSamples_ShowAsWsOk_AndTheirFailuresByNetCode_NeverAsHttp1xx()
    {
        var total = new Aggregate();
        foreach (var r in new[] { Ws(), Ws(), Ws(NetCodes.Timeout), Ws(NetCodes.ConnectionReset), Ws(NetCodes.BrokenPipe), Http(200), Http(404) })
            total.Add(Sample(r));
        total.Add(Sample(new TransportResult(0, 0, 0, 0, 0, 0, NetCodes.ProtocolError, 200) { Kind = OutcomeKind.WebSocket })); // no upgrade

        var rows = Outcomes.Table(total.StatusCounts, total.NetCodeCounts);

        Assert.Equal(
            [("HTTP", "2xx", 1L), ("HTTP", "4xx", 1L), ("HTTP", "404", 1L), ("WS", "ok", 2L), ("net", "32", 1L), ("net", "71", 1L), ("net", "104", 1L), ("net", "110", 1L)],
            rows.Select(r => (r.Kind, r.Code, r.Count)));
        Assert.Equal("timeout", rows.Single(r => r.Code == "110").Meaning);
        Assert.Equal((3L, 4L, 1L), (total.Successes, total.NetErrors, total.HttpErrors));
        Assert.Equal(["HTTP 200", "HTTP 404", "WS ok", "net 32", "net 71", "net 104", "net 110"],
            Outcomes.Each(total.StatusCounts, total.NetCodeCounts).Select(r => r.Label));
        Assert.Equal([200, 404], Outcomes.HttpStatuses(total.StatusCounts).Keys);
    }

    [Fact]
    public void Table_CountsInAnyOrder_ClassesSummedAscending_ThenErrorStatuses_ThenFailingNetCodes_ZerosLeftOut()
    {
        var status = new Dictionary<int, long> { [503] = 2, [200] = 3, [404] = 1, [500] = 0, [201] = 4 };
        var net = new Dictionary<int, long> { [NetCodes.Timeout] = 0, [NetCodes.Ok] = 5, [NetCodes.ConnectionRefused] = 2, [NetCodes.BrokenPipe] = 1 };

        var rows = Outcomes.Table(status, net);

        Assert.Equal(
            [("HTTP", "2xx", 7L), ("HTTP", "4xx", 1L), ("HTTP", "5xx", 2L), ("HTTP", "404", 1L), ("HTTP", "503", 2L),
                ("net", NetCodes.BrokenPipe.ToString(System.Globalization.CultureInfo.InvariantCulture), 1L),
                ("net", NetCodes.ConnectionRefused.ToString(System.Globalization.CultureInfo.InvariantCulture), 2L)],
            rows.Select(r => (r.Kind, r.Code, r.Count)));
    }

    [Fact]
    public void HttpStatuses_CountsInAnyOrder_AscendingWithoutOtherKeys_ZerosKept()
    {
        var status = new Dictionary<int, long> { [503] = 2, [0] = 9, [200] = 3, [Outcomes.WebSocketOk] = 4, [404] = 0 };

        var statuses = Outcomes.HttpStatuses(status);

        Assert.Equal([new(200, 3L), new(404, 0L), new(503, 2L)], statuses.ToList());
    }

    [Fact]
    public void Each_CountsInAnyOrder_HttpAscending_ThenOtherKeys_ThenFailingNetCodes_ZerosLeftOut()
    {
        var status = new Dictionary<int, long> { [503] = 2, [0] = 9, [Outcomes.CustomOk] = 1, [Outcomes.WebSocketOk] = 4, [200] = 3, [404] = 0 };
        var net = new Dictionary<int, long> { [NetCodes.Ok] = 5, [NetCodes.ConnectionRefused] = 2, [NetCodes.BrokenPipe] = 1 };

        var rows = Outcomes.Each(status, net);

        Assert.Equal(["HTTP 200", "HTTP 503", "WS ok", "custom ok", $"net {NetCodes.BrokenPipe}", $"net {NetCodes.ConnectionRefused}"], rows.Select(r => r.Label));
    }

    [Fact]
    public void SeriesStats_CountsWebSocketSamples_ByTheSameKey()
    {
        var stats = new SeriesStats();
        stats.Add(Sample(Ws()));
        stats.Add(Sample(Http(101)));

        Assert.Equal(1, stats.StatusCounts[Outcomes.WebSocketOk]);
        Assert.Equal(1, stats.StatusCounts[101]);
        Assert.Equal(1, stats.CountStatus(100, 199)); // only the plain 101 is an HTTP 1xx
    }
}
