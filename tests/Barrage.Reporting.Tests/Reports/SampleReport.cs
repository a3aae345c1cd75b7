using Barrage.Reporting.Summaries;

namespace Barrage.Reporting.Reports;

/// <summary>A fixed report (no clock, no host) for snapshot and round-trip tests.</summary>
internal static class SampleReport
{
    public static RunReport Create()
    {
        var started = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        var fast = new LatencySummary(90, 1210.5, 1100, 2300, 2900, 4800, 9100, 12000);
        var slow = new LatencySummary(400, 5120.25, 4800, 9900, 12100, 25000, 48000, 61000);
        var seconds = new List<ReportSecond>();
        for (var s = 0; s < 3; s++)
        {
            seconds.Add(new ReportSecond(s, "login", 100 + s, 99 + s, 0, 1, 12_000, 4_000, 5120.3, 4800, 9900, 25000, 61000, 4900, 26000, 62000,
                new SortedDictionary<int, long> { [200] = 99 + s, [503] = 1 }, new SortedDictionary<int, long> { [0] = 100 + s }, null, null, null,
                new Dictionary<string, long> { ["HTTP 200"] = 99 + s, ["HTTP 503"] = 1 }));
            seconds.Add(new ReportSecond(s, "search, \"fast\"", 400, 400, 0, 0, 48_000, 16_000, 1210.5, 1100, 2300, 4800, 12000, 1150, 5000, 12500,
                new SortedDictionary<int, long> { [200] = 400 }, new SortedDictionary<int, long> { [0] = 400 }, null, null, null,
                new Dictionary<string, long> { ["HTTP 200"] = 400 }));
            seconds.Add(new ReportSecond(s, null, 500 + s, 499 + s, 0, 1, 60_000, 20_000, 1990.1, 1200, 4800, 12100, 61000, 1250, 13000, 62000,
                new SortedDictionary<int, long> { [200] = 499 + s, [503] = 1 }, new SortedDictionary<int, long> { [0] = 500 + s }, 20, 3 + s, 500.0,
                new Dictionary<string, long> { ["HTTP 200"] = 499 + s, ["HTTP 503"] = 1 }));
        }
        return new RunReport
        {
            Run = new ReportRun(7, "checkout | nightly", "http://127.0.0.1:8080/", started, started.AddSeconds(3), 3.0, "completed", 1,
                "ci-host", "0.1.0", 20, "fail", "0123456789abcdef0123456789abcdef", "name: checkout\nheaders: { Authorization: *** }\n"),
            Total = new ReportFigures(null, 1503, 1500, 0, 3, 3 / 1503.0, 501, 180_000, 60_000, new LatencySummary(90, 1990.1, 1200, 4800, 9900, 12100, 40000, 61000),
                new LatencySummary(95, 2100, 1250, 5000, 10000, 13000, 41000, 62000), new SortedDictionary<int, long> { [200] = 1500, [503] = 3 },
                new SortedDictionary<int, long> { [0] = 1503 }, Outcomes([200, 1500], [503, 3])),
            Tags =
            [
                new ReportFigures("login", 303, 300, 0, 3, 3 / 303.0, 101, 36_000, 12_000, slow, slow, new SortedDictionary<int, long> { [200] = 300, [503] = 3 },
                    new SortedDictionary<int, long> { [0] = 303 }, Outcomes([200, 300], [503, 3])),
                new ReportFigures("search, \"fast\"", 1200, 1200, 0, 0, 0, 400, 144_000, 48_000, fast, fast, new SortedDictionary<int, long> { [200] = 1200 },
                    new SortedDictionary<int, long> { [0] = 1200 }, Outcomes([200, 1200])),
            ],
            Phases =
            [
                new ReportPhase("connect", 2.5, 1, 1, 90, 300), new ReportPhase("send", 8, 7, 12, 30, 90),
                new ReportPhase("latency", 1900, 1150, 4600, 11800, 60000), new ReportPhase("receive", 4, 1, 9, 40, 200),
            ],
            Thresholds =
            [
                new ReportThreshold("p99 < 300ms", 12.1, "12.10ms", true, null),
                new ReportThreshold("errors < 0.1%", 0.2, "0.2%", false, null),
            ],
            Seconds = seconds,
            Distribution = [new ReportBucket(50, 100, 10), new ReportBucket(100, 200, 400), new ReportBucket(1000, 2000, 1093)],
        };
    }

    private static IReadOnlyList<Metrics.OutcomeRow> Outcomes(params int[][] statusCounts) =>
        Metrics.Outcomes.Table(statusCounts.Select(c => new KeyValuePair<int, long>(c[0], c[1])), []);
}
