using System.Text;
using Barrage.Engine;
using Barrage.Formats.Phout;
using Barrage.Transport;

namespace Barrage.Formats.Tests.Phout;

public class PhoutLineFormatterTests
{
    private static string Format(in Sample sample)
    {
        var buffer = new byte[PhoutLineFormatter.MaxLength(sample.Tag)];
        int length = PhoutLineFormatter.Format(sample, buffer);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    [Fact]
    public void Format_AllColumns_GoldenLine()
    {
        var sample = Samples.Make();

        Assert.Equal("1700000000.123\ttag\t1000\t11\t22\t333\t444\t810\t55\t666\t0\t200\n", Format(sample));
    }

    [Fact]
    public void Format_Failure_NetCodeAndZeroStatus()
    {
        var sample = Samples.Make(tag: "login", totalUs: 5_000_000, connectUs: 0, sendUs: 0, latencyUs: 0, receiveUs: 0,
            bytesOut: 120, bytesIn: 0, netCode: NetCodes.Timeout, statusCode: 0);

        Assert.Equal("1700000000.123\tlogin\t5000000\t0\t0\t0\t0\t0\t120\t0\t110\t0\n", Format(sample));
    }

    [Fact]
    public void Format_EmptyTag_TwoTabsInARow()
    {
        Assert.Equal("1700000000.123\t\t1000\t11\t22\t333\t444\t810\t55\t666\t0\t200\n", Format(Samples.Make(tag: "")));
    }

    [Fact]
    public void Format_TagWithTabsAndLineEnds_BecomeSpaces()
    {
        string line = Format(Samples.Make(tag: "a\tb\nc\r\nd"));

        Assert.StartsWith("1700000000.123\ta b c  d\t1000\t", line);
        Assert.Equal(11, line.Count(c => c == '\t'));
        Assert.Equal(1, line.Count(c => c == '\n'));
    }

    [Fact]
    public void Format_NonAsciiTag_Utf8()
    {
        Assert.StartsWith("1700000000.123\tкорзина ✓\t", Format(Samples.Make(tag: "корзина ✓")));
    }

    [Theory]
    [InlineData(1_700_000_000_123_456L, "1700000000.123")]
    [InlineData(1_700_000_000_000_999L, "1700000000.000")]
    [InlineData(1_700_000_000_999_999L, "1700000000.999")]
    [InlineData(1_700_000_001_005_000L, "1700000001.005")]
    [InlineData(0L, "0.000")]
    [InlineData(42L, "0.000")]
    [InlineData(-1_500_000L, "-1.500")]
    [InlineData(-1L, "-0.001")]
    public void Format_Time_SecondsWithExactlyThreeDecimals(long micros, string expected)
    {
        string line = Format(Samples.Make(startUnixMicros: micros));

        Assert.Equal(expected, line[..line.IndexOf('\t')]);
    }

    [Fact]
    public void Format_ExtremeValues_FitInMaxLength()
    {
        var sample = new Sample
        {
            Tag = "x",
            StartUnixMicros = long.MinValue,
            ScheduledUs = 0,
            StartUs = 0,
            TotalUs = long.MinValue,
            Result = new TransportResult(long.MinValue, long.MinValue, long.MinValue, long.MinValue / 4, long.MinValue, long.MinValue, int.MinValue, int.MinValue),
        };
        var buffer = new byte[PhoutLineFormatter.MaxLength(sample.Tag)];

        int length = PhoutLineFormatter.Format(sample, buffer);

        Assert.Equal(11, buffer.AsSpan(0, length).Count((byte)'\t'));
        Assert.Equal((byte)'\n', buffer[length - 1]);
    }
}
