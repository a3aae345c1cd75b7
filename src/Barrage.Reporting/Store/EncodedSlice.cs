using System.Globalization;
using System.Text;
using System.Text.Json;
using Barrage.Metrics;
using Barrage.Metrics.TimeSeries;

namespace Barrage.Reporting.Store;

/// <summary>A sealed slice made ready for the store: counts, codes as JSON, histograms compressed.</summary>
internal sealed record EncodedSlice(
    long Second, string? Tag, long Requests, long Successes, long NetErrors, long HttpErrors, long BytesIn, long BytesOut,
    string StatusCodes, string NetCodes, byte[][] Histograms)
{
    public static EncodedSlice From(SeriesSlice slice)
    {
        var s = slice.Stats;
        var histograms = new byte[SeriesStats.HistogramCount][];
        for (var i = 0; i < histograms.Length; i++)
            histograms[i] = HistogramCodec.Encode(s.Histogram((SeriesHistogram)i));
        return new EncodedSlice(slice.Second, slice.Tag, s.Requests, s.Successes, s.NetErrors, s.HttpErrors, s.BytesIn, s.BytesOut,
            Codes(s.StatusCounts), Codes(s.NetCodeCounts), histograms);
    }

    /// <summary>Adds this slice's counts and histograms to <paramref name="stats"/> (exact).</summary>
    public void AddTo(SeriesStats stats)
    {
        stats.Requests += Requests;
        stats.Successes += Successes;
        stats.NetErrors += NetErrors;
        stats.HttpErrors += HttpErrors;
        stats.BytesIn += BytesIn;
        stats.BytesOut += BytesOut;
        AddCodes(StatusCodes, stats.StatusCounts);
        AddCodes(NetCodes, stats.NetCodeCounts);
        for (var i = 0; i < Histograms.Length; i++)
            HistogramCodec.AddTo(Histograms[i], stats.Histogram((SeriesHistogram)i));
    }

    /// <summary>The counts as a JSON object, codes ascending: <c>{"200":1,"404":3}</c>.</summary>
    /// <remarks>
    /// Written by hand, not by the serializer: keys and values are integers, so nothing needs escaping, and a short
    /// run would otherwise pay the serializer's first use (~30 ms of CPU) for these few bytes alone. Read back with
    /// the serializer (<see cref="AddCodes"/>).
    /// </remarks>
    internal static string Codes(Dictionary<int, long> counts)
    {
        var codes = new int[counts.Count];
        counts.Keys.CopyTo(codes, 0);
        Array.Sort(codes);
        var json = new StringBuilder("{");
        foreach (var code in codes)
        {
            if (json.Length > 1)
                json.Append(',');
            json.Append('"').Append(code.ToString(CultureInfo.InvariantCulture)).Append("\":").Append(counts[code].ToString(CultureInfo.InvariantCulture));
        }
        return json.Append('}').ToString();
    }

    /// <remarks>
    /// Read with a <see cref="Utf8JsonReader"/>, not the serializer, for the reason <see cref="Codes"/> is written by hand: the
    /// serializer's first use (its dictionary converter over <c>long</c>) cost ~5 ms of CPU in every run that writes a report.
    /// </remarks>
    internal static void AddCodes(string json, Dictionary<int, long> into)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        if (!reader.Read() || reader.TokenType == JsonTokenType.Null)
            return;
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException($"expected an object of counts by code, got {reader.TokenType}");
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = int.Parse(reader.GetString()!, CultureInfo.InvariantCulture);
            if (!reader.Read())
                break;
            into[key] = into.GetValueOrDefault(key) + reader.GetInt64();
        }
    }
}
