namespace Barrage.Web.Live;

/// <summary>One second of a live run as the page draws it; times in µs.</summary>
/// <remarks>Seq: The frame's number, from 0: a page that sees a gap fetches the missing frames. LagUs: Dispatch lag: mean response time minus mean service time (how late requests went out).
/// StatusCodes: HTTP statuses only. Outcomes: every outcome by its label (<c>HTTP 200</c>, <c>WS ok</c>, <c>net 110</c>), from <see cref="Metrics.Outcomes.Each"/>.</remarks>
internal sealed record LiveFrame(
    int Seq, long Second, long Requests, long NetErrors, long HttpErrors, double? PlannedRps,
    long ServiceP50, long ServiceP90, long ServiceP99, long ServiceMax, double ServiceMean,
    long ResponseP50, long ResponseP99, long ResponseMax, double ResponseMean, double LagUs,
    int? Users, int? InFlight, IReadOnlyDictionary<string, long> StatusCodes, IReadOnlyDictionary<string, long> Outcomes,
    IReadOnlyList<LiveTag> Tags, IReadOnlyList<LiveThreshold> Thresholds);
