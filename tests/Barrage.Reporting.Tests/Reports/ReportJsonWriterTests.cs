using System.Text.Json;
using Barrage.Reporting.Summaries;

namespace Barrage.Reporting.Reports;

/// <summary>The hand-written JSON of a report is, byte for byte, what the source-generated serializer writes.</summary>
public sealed class ReportJsonWriterTests
{
    [Fact]
    public void Write_SampleReport_IsTheSerializers()
    {
        var report = SampleReport.Create();
        Assert.Equal(Serialize(report, indented: true), ReportJsonWriter.Write(report, indented: true));
        Assert.Equal(Serialize(report, indented: false), ReportJsonWriter.Write(report, indented: false));
    }

    [Fact]
    public void Write_ReportsWithNullsAgentsAndOddText_AreTheSerializers()
    {
        var random = new Random(3);
        for (var i = 0; i < 50; i++)
        {
            var report = RandomReport(random);
            Assert.Equal(Serialize(report, indented: true), ReportJsonWriter.Write(report, indented: true));
            Assert.Equal(Serialize(report, indented: false), ReportJsonWriter.Write(report, indented: false));
        }
    }

    private static string Serialize(RunReport report, bool indented) => JsonSerializer.Serialize(report,
        new ReportJsonContext(new JsonSerializerOptions(ReportJsonContext.Default.Options) { WriteIndented = indented }).RunReport);

    private static RunReport RandomReport(Random random)
    {
        string Text() => new([.. Enumerable.Range(0, random.Next(0, 12)).Select(_ => "ab <>&'\"\\/\n\té€😀\u2028+"[random.Next(17)])]);
        string? MaybeText() => random.Next(3) == 0 ? null : Text();
        double Number() => random.Next(4) switch { 0 => 0, 1 => random.Next(), 2 => random.NextDouble() * 1e6, _ => 1.0 / random.Next(1, 9) };
        LatencySummary Latency() => new(random.Next(), Number(), random.Next(), random.Next(), random.Next(), random.Next(), random.Next(), long.MaxValue - random.Next());
        SortedDictionary<int, long> Counts() => new(Enumerable.Range(0, random.Next(4)).Select(_ => random.Next(-1, 999)).Distinct().ToDictionary(c => c, _ => (long)random.Next()));
        ReportFigures Figures(string? tag) => new(tag, random.Next(), random.Next(), random.Next(), random.Next(), Number(), Number(), random.Next(), random.Next(),
            Latency(), Latency(), Counts(), Counts(), Metrics.Outcomes.Table(Counts(), Counts()));
        var started = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.FromHours(random.Next(-12, 13))).AddTicks(random.Next());
        return new RunReport
        {
            Run = new ReportRun(random.Next(), Text(), Text(), started, random.Next(2) == 0 ? null : started.AddSeconds(Number()), Number(), Text(),
                random.Next(2) == 0 ? null : random.Next(-2, 200), Text(), Text(), random.Next(), Text(), Text(), Text()),
            Total = Figures(null),
            Tags = [.. Enumerable.Range(0, random.Next(3)).Select(_ => Figures(Text()))],
            Phases = [.. Enumerable.Range(0, random.Next(5)).Select(_ => new ReportPhase(Text(), Number(), random.Next(), random.Next(), random.Next(), random.Next()))],
            Thresholds = [.. Enumerable.Range(0, random.Next(3)).Select(_ => new ReportThreshold(Text(), random.Next(2) == 0 ? null : Number(), Text(), random.Next(2) == 0, MaybeText()))],
            Seconds = [.. Enumerable.Range(0, random.Next(4)).Select(s => new ReportSecond(s, MaybeText(), random.Next(), random.Next(), random.Next(), random.Next(),
                random.Next(), random.Next(), Number(), random.Next(), random.Next(), random.Next(), random.Next(), random.Next(), random.Next(), random.Next(),
                Counts(), Counts(), random.Next(2) == 0 ? null : random.Next(), random.Next(2) == 0 ? null : random.Next(), random.Next(2) == 0 ? null : Number(),
                Enumerable.Range(0, random.Next(3)).Select(_ => Text()).Distinct().ToDictionary(t => t, _ => (long)random.Next())))],
            Distribution = [.. Enumerable.Range(0, random.Next(4)).Select(_ => new ReportBucket(random.Next(), random.Next(), random.Next()))],
            Agents = [.. Enumerable.Range(0, random.Next(3)).Select(_ => new AgentSummary(Text(), Text(), Text(), random.Next(), random.Next(), random.Next(),
                random.Next(2) == 0 ? null : random.Next(), random.Next(2) == 0 ? null : Number(), MaybeText()))],
        };
    }
}
