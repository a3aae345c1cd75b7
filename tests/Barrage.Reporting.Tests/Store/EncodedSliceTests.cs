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
