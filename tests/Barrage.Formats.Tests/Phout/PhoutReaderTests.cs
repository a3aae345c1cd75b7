using Barrage.Formats.Phout;

namespace Barrage.Formats.Tests.Phout;

public class PhoutReaderTests
{
    private const string Good = "1700000000.123\ttag\t1000\t11\t22\t333\t444\t810\t55\t666\t0\t200";

    private static List<PhoutRecord> Read(string text) => PhoutReader.Read(new StringReader(text), "test.phout").ToList();

    [Fact]
    public void Read_PhantomLine_AllTwelveFields()
    {
        var record = Assert.Single(Read(Good + "\n"));

        Assert.Equal(new PhoutRecord(1_700_000_000_123, "tag", 1000, 11, 22, 333, 444, 810, 55, 666, 0, 200), record);
        Assert.Equal(new DateTimeOffset(2023, 11, 14, 22, 13, 20, 123, TimeSpan.Zero), record.Start);
    }

    [Fact]
    public void Read_EmptyTagTagWithSpacesCrLfAndBlankLines()
    {
        var records = Read("1.000\t\t1\t2\t3\t4\t5\t6\t7\t8\t110\t0\r\n\n2.5\tmy tag\t1\t2\t3\t4\t5\t6\t7\t8\t0\t404\n\n");

        Assert.Equal(2, records.Count);
        Assert.Equal("", records[0].Tag);
        Assert.Equal(1000, records[0].StartUnixMillis);
        Assert.Equal("my tag", records[1].Tag);
        Assert.Equal(2500, records[1].StartUnixMillis);
        Assert.Equal(404, records[1].ProtoCode);
    }

    [Theory]
    [InlineData("1700000000", 1_700_000_000_000L)]
    [InlineData("1700000000.1", 1_700_000_000_100L)]
    [InlineData("1700000000.123456", 1_700_000_000_123L)]
    [InlineData("-1.500", -1_500L)]
    public void Read_Time_ToTheMillisecond(string time, long millis)
    {
        Assert.Equal(millis, Assert.Single(Read(time + Good[Good.IndexOf('\t')..])).StartUnixMillis);
    }

    [Theory]
    [InlineData("1700000000.123\ttag\t1000", 0, "expected 12 tab-separated columns, found 3")]
    [InlineData(Good + "\textra\tmore", 0, "expected 12 tab-separated columns, found 14")]
    [InlineData("17000x0000.123\ttag\t1\t2\t3\t4\t5\t6\t7\t8\t0\t200", 1, "(time): '17000x0000.123' is not a time")]
    [InlineData("1700000000.\ttag\t1\t2\t3\t4\t5\t6\t7\t8\t0\t200", 1, "(time)")]
    [InlineData("\ttag\t1\t2\t3\t4\t5\t6\t7\t8\t0\t200", 1, "(time)")]
    [InlineData("1.0\ttag\tabc\t2\t3\t4\t5\t6\t7\t8\t0\t200", 3, "(interval_real): 'abc' is not an integer")]
    [InlineData("1.0\ttag\t1\t2\t3\t4\t5\t6.5\t7\t8\t0\t200", 8, "(interval_event): '6.5'")]
    [InlineData("1.0\ttag\t1\t2\t3\t4\t5\t6\t7\t8\t\t200", 11, "(net_code): '' is not an integer code")]
    [InlineData("1.0\ttag\t1\t2\t3\t4\t5\t6\t7\t8\t0\t99999999999", 12, "(proto_code)")]
    public void Read_MalformedSecondLine_NamesLineAndColumn(string bad, int column, string problem)
    {
        var error = Assert.Throws<PhoutFormatException>(() => Read(Good + "\n" + bad + "\n" + Good));

        Assert.Equal(2, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Equal("test.phout", error.File);
        Assert.StartsWith(column > 0 ? $"test.phout:2: column {column} " : "test.phout:2: ", error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void Read_FromPath_IsLazyAndNamesTheFile()
    {
        using var temp = new TempDirectory();
        string path = temp.File("bad.log");
        File.WriteAllText(path, Good + "\n" + Good + "\nbroken\n");

        var records = PhoutReader.Read(path);
        using var e = records.GetEnumerator();
        Assert.True(e.MoveNext());
        Assert.True(e.MoveNext());
        var error = Assert.Throws<PhoutFormatException>(() => e.MoveNext());

        Assert.Equal($"{path}:3: expected 12 tab-separated columns, found 1", error.Message);
    }
}
