using System.Globalization;
using System.Text.Json;
using Barrage.Metrics.TimeSeries;

namespace Barrage.Reporting.Store;

public sealed class EncodedSliceTests
{
    public static TheoryData<int[], long[]> CodeCounts => new()
    {
        { [], [] },
        { [200], [1] },
        { [503, 200, 404, 0], [2, 1_000_000, 3, 7] },
        { [111, 104, 777, 110], [long.MaxValue, 1, 40, 9] },
    };

    [Theory]
    [MemberData(nameof(CodeCounts))]
    public void Codes_AreTheJsonTheSerializerWrites_CodesAscending(int[] codes, long[] counts)
    {
        var dictionary = codes.Zip(counts).ToDictionary(p => p.First, p => p.Second);
        var serialized = JsonSerializer.Serialize(
            dictionary.OrderBy(kv => kv.Key).ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value),
            StoreJson.Default.DictionaryStringInt64);

        Assert.Equal(serialized, EncodedSlice.Codes(dictionary));
    }

    [Theory]
    [MemberData(nameof(CodeCounts))]
    public void AddCodes_ReadsWhatTheSerializerWrites_IndentedOrNot(int[] codes, long[] counts)
    {
        var dictionary = codes.Zip(counts).ToDictionary(p => p.First.ToString(CultureInfo.InvariantCulture), p => p.Second);
        foreach (var indented in new[] { false, true })
        {
            var json = JsonSerializer.Serialize(dictionary, new StoreJson(new JsonSerializerOptions { WriteIndented = indented }).DictionaryStringInt64);
            var into = new Dictionary<int, long> { [200] = 5 };

            EncodedSlice.AddCodes(json, into);

            var expected = new Dictionary<int, long>(dictionary.ToDictionary(kv => int.Parse(kv.Key, CultureInfo.InvariantCulture), kv => kv.Value));
            expected[200] = expected.GetValueOrDefault(200) + 5;
            Assert.Equal(expected.OrderBy(kv => kv.Key), into.OrderBy(kv => kv.Key));
        }
    }

    [Fact]
    public void Slice_StatusAndNetCodes_ReadBackIntoTheSameCounts()
    {
        var stats = new SeriesStats();
        stats.StatusCounts[500] = 2;
        stats.StatusCounts[200] = 97;
        stats.NetCodeCounts[110] = 1;
        var encoded = EncodedSlice.From(new SeriesSlice(3, null, stats, IsLate: false));

        var back = new SeriesStats();
        encoded.AddTo(back);

        Assert.Equal("{\"200\":97,\"500\":2}", encoded.StatusCodes);
        Assert.Equal(stats.StatusCounts.OrderBy(kv => kv.Key), back.StatusCounts.OrderBy(kv => kv.Key));
        Assert.Equal(stats.NetCodeCounts, back.NetCodeCounts);
    }
}
