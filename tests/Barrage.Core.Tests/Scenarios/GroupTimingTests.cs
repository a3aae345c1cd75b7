using Barrage.Metrics;
using Barrage.Transport;

namespace Barrage.Scenarios;

public sealed class GroupTimingTests
{
    private static TransportResult Ws() => new(0, 0, 5, 0, 3, 4, NetCodes.Ok, 101) { Kind = OutcomeKind.WebSocket };

    [Fact]
    public void GroupOfWebSocketSteps_IsAWebSocketOutcome()
    {
        var group = new GroupTiming();
        group.Add(Ws());
        group.Add(Ws());

        var result = group.Result();

        Assert.Equal((OutcomeKind.WebSocket, 101, 6L, 8L), (result.Kind, result.StatusCode, result.BytesOut, result.BytesIn));
        Assert.Equal(Outcomes.WebSocketOk, Outcomes.StatusKey(result));
    }

    [Fact]
    public void GroupWithAnHttpRequest_TakesTheKindOfTheStatusThatDecidedIt()
    {
        var group = new GroupTiming();
        group.Add(Ws());
        group.Add(new TransportResult(0, 0, 5, 0, 3, 4, NetCodes.Ok, 200));
        group.Add(Ws());

        Assert.Equal(200, Outcomes.StatusKey(group.Result()));
        Assert.Equal(OutcomeKind.Http, group.Result().Kind);
    }
}
