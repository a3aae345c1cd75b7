using System.Globalization;
using Barrage.Transport;

namespace Barrage.Metrics;

/// <summary>
/// The one place a result's outcome gets its kind: <c>HTTP 2xx</c>, <c>WS ok</c> or <c>net 110</c>. Counts, the summary,
/// summary.json, the reports and the dashboard all classify through it.
/// </summary>
/// <remarks>
/// Results are counted by a status key (<see cref="StatusKey"/>): the HTTP status of an HTTP exchange, <see cref="WebSocketOk"/>
/// for a web-socket operation that succeeded, 0 for a result that has no outcome of its own beside its net code. Keys
/// below 100 are never HTTP statuses (a status line's code has three digits, the first 1-9), so they travel unchanged
/// through the status counts of the store, the cluster's reports and merged aggregates. The sample itself keeps its
/// real status (101 on a web socket: the upgrade's), which is what phout's proto_code column shows.
/// </remarks>
public static class Outcomes
{
    /// <summary>The kind of an HTTP response's outcome.</summary>
    public const string Http = "HTTP";

    /// <summary>The kind of a web-socket operation's outcome.</summary>
    public const string WebSocket = "WS";

    /// <summary>The kind of a plugin's measurement that has no HTTP status.</summary>
    public const string Custom = "custom";

    /// <summary>The kind of a transport failure (any protocol), by net code.</summary>
    public const string Net = "net";

    /// <summary>The status key of a web-socket operation that succeeded.</summary>
    public const int WebSocketOk = 1;

    /// <summary>The status key of a plugin's measurement that succeeded.</summary>
    public const int CustomOk = 2;

    /// <summary>The key <paramref name="result"/> is counted under among status counts (0: counted by its net code only).</summary>
    public static int StatusKey(in TransportResult result) => result.Kind switch
    {
        OutcomeKind.WebSocket => result.NetCode == NetCodes.Ok ? WebSocketOk : 0,
        OutcomeKind.Custom => result.NetCode == NetCodes.Ok ? CustomOk : 0,
        _ => result.StatusCode,
    };

    /// <summary>Whether a status key is an HTTP status.</summary>
    public static bool IsHttpStatus(int key) => key >= 100;

    /// <summary>The HTTP statuses among status counts, the keys of other kinds (and 0) left out.</summary>
    /// <remarks>In a loop, for the reason given at <see cref="Table"/>; the result lists the statuses ascending.</remarks>
    public static Dictionary<int, long> HttpStatuses(IEnumerable<KeyValuePair<int, long>> statusCounts)
    {
        var (codes, counts) = Keys(statusCounts, kv => IsHttpStatus(kv.Key));
        var statuses = new Dictionary<int, long>(codes.Count);
        foreach (var code in codes)
            statuses.Add(code, counts[code]);
        return statuses;
    }

    /// <summary>
    /// The outcomes table: HTTP statuses by class, then each HTTP status of 400 or more, web-socket successes, plugins'
    /// successes, then each net code other than 0 (a failed web-socket operation or plugin measurement is one of these).
    /// </summary>
    /// <remarks>
    /// Loops, not LINQ: LINQ over these pairs (a struct) is generic code compiled at run time, some 80 methods that every
    /// run paid for when it printed its summary. The counts come from dictionaries: each key once.
    /// </remarks>
    public static IReadOnlyList<OutcomeRow> Table(IEnumerable<KeyValuePair<int, long>> statusCounts, IEnumerable<KeyValuePair<int, long>> netCounts)
    {
        var (http, counts) = Keys(statusCounts, kv => kv.Value != 0 && (IsHttpStatus(kv.Key) || kv.Key is WebSocketOk or CustomOk));
        // Web-socket and plugin successes (keys below 100) sort first; their rows come after the HTTP ones.
        var webSocketOk = counts.GetValueOrDefault(WebSocketOk);
        var customOk = counts.GetValueOrDefault(CustomOk);
        http.Remove(WebSocketOk);
        http.Remove(CustomOk);
        var rows = new List<OutcomeRow>();
        for (var i = 0; i < http.Count;)
        {
            var statusClass = http[i] / 100;
            long sum = 0;
            for (; i < http.Count && http[i] / 100 == statusClass; i++)
                sum += counts[http[i]];
            rows.Add(new OutcomeRow(Http, $"{statusClass}xx", sum));
        }
        foreach (var status in http)
        {
            if (status >= 400)
                rows.Add(new OutcomeRow(Http, Text(status), counts[status]));
        }
        if (webSocketOk != 0)
            rows.Add(Row(WebSocketOk, webSocketOk));
        if (customOk != 0)
            rows.Add(Row(CustomOk, customOk));
        rows.AddRange(NetRows(netCounts));
        return rows;
    }

    /// <summary>Every status key and failing net code on its own row (<c>HTTP 200</c>, <c>WS ok</c>, <c>net 110</c>): what charts over time draw.</summary>
    /// <remarks>HTTP statuses ascending, then the other keys ascending; in loops, for the reason given at <see cref="Table"/>.</remarks>
    public static IReadOnlyList<OutcomeRow> Each(IEnumerable<KeyValuePair<int, long>> statusCounts, IEnumerable<KeyValuePair<int, long>> netCounts)
    {
        var (codes, counts) = Keys(statusCounts, kv => kv.Key != 0 && kv.Value != 0);
        var rows = new List<OutcomeRow>(codes.Count);
        foreach (var code in codes)
        {
            if (IsHttpStatus(code))
                rows.Add(Row(code, counts[code]));
        }
        foreach (var code in codes)
        {
            if (!IsHttpStatus(code))
                rows.Add(Row(code, counts[code]));
        }
        rows.AddRange(NetRows(netCounts));
        return rows;
    }

    /// <summary>The row of one status key: <c>WS ok</c>, <c>custom ok</c>, or <c>HTTP</c> and the status.</summary>
    public static OutcomeRow Row(int statusKey, long count) => statusKey switch
    {
        WebSocketOk => new OutcomeRow(WebSocket, "ok", count),
        CustomOk => new OutcomeRow(Custom, "ok", count),
        _ => new OutcomeRow(Http, Text(statusKey), count),
    };

    // Failing net codes ascending, in loops for the reason given at Table.
    private static List<OutcomeRow> NetRows(IEnumerable<KeyValuePair<int, long>> netCounts)
    {
        var (codes, counts) = Keys(netCounts, kv => kv.Key != NetCodes.Ok && kv.Value != 0);
        var rows = new List<OutcomeRow>(codes.Count);
        foreach (var code in codes)
            rows.Add(new OutcomeRow(Net, Text(code), counts[code], NetCodes.Describe(code)));
        return rows;
    }

    /// <summary>The keys of the pairs that <paramref name="keep"/> accepts, ascending, and their counts.</summary>
    private static (List<int> Codes, Dictionary<int, long> Counts) Keys(IEnumerable<KeyValuePair<int, long>> pairs, Func<KeyValuePair<int, long>, bool> keep)
    {
        var codes = new List<int>();
        var counts = new Dictionary<int, long>();
        foreach (var kv in pairs)
        {
            if (keep(kv))
            {
                codes.Add(kv.Key);
                counts[kv.Key] = kv.Value;
            }
        }
        codes.Sort();
        return (codes, counts);
    }

    private static string Text(int code) => code.ToString(CultureInfo.InvariantCulture);
}
