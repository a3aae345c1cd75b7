using Barrage.Engine;
using Barrage.Formats.Phout;
using Barrage.Metrics;
using Barrage.Transport;
using Barrage.Transport.WebSockets;

namespace Barrage.Cluster;

/// <summary>
/// <c>barrage merge</c>'s reading: the phout files of runs made side by side (Phantom's way, or agents' own
/// phout) added up into one aggregate, exactly, with the span from the earliest start to the latest end.
/// </summary>
public static class PhoutMerge
{
    /// <summary>The phout files under <paramref name="paths"/>: a file as it is, a directory's <c>phout.log</c> files at any depth.</summary>
    /// <exception cref="FileNotFoundException">A path is neither a file nor a directory with a phout.log.</exception>
    public static IReadOnlyList<string> Find(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (File.Exists(path))
            {
                files.Add(path);
                continue;
            }
            var found = Directory.Exists(path)
                ? Directory.EnumerateFiles(path, "phout.log", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
                : [];
            if (found.Count == 0)
                throw new FileNotFoundException($"{path}: no phout file there (a run directory with phout.log, or the file itself)", path);
            files.AddRange(found);
        }
        return files;
    }

    /// <summary>Every record of <paramref name="files"/> in one aggregate; the outcome spans them all.</summary>
    /// <exception cref="PhoutFormatException">A line is not phout; the message has the file and line.</exception>
    public static (Aggregate Total, RunOutcome Outcome) Read(IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var total = new Aggregate();
        long first = long.MaxValue;
        long last = long.MinValue;
        foreach (var file in files)
        {
            foreach (var r in PhoutReader.Read(file))
            {
                var startUs = r.StartUnixMillis * 1000;
                first = Math.Min(first, startUs);
                last = Math.Max(last, startUs + r.IntervalRealUs);
                // Phout keeps no scheduled time: the merge reports service time, and the response time equals it.
                // Nor the outcome's kind: proto code 101 is a web-socket operation's (the upgrade its session lives on), counted
                // as WS ok or by its net code as the run itself counted it; an HTTP exchange never completes with 101.
                total.Add(new Sample
                {
                    Tag = r.Tag,
                    StartUnixMicros = startUs,
                    ScheduledUs = 0,
                    StartUs = 0,
                    TotalUs = r.IntervalRealUs,
                    Result = new TransportResult(r.ConnectUs, r.SendUs, r.LatencyUs, r.ReceiveUs, r.SizeOut, r.SizeIn, r.NetCode, r.ProtoCode)
                    {
                        Kind = r.ProtoCode == WebSocketSession.UpgradedStatus ? OutcomeKind.WebSocket : OutcomeKind.Http,
                    },
                });
            }
        }
        var startedAt = first == long.MaxValue ? DateTimeOffset.UnixEpoch : DateTimeOffset.UnixEpoch.AddTicks(first * 10);
        var elapsed = first == long.MaxValue ? TimeSpan.Zero : TimeSpan.FromMicroseconds(last - first);
        return (total, new RunOutcome(StopReason.Completed, startedAt, elapsed));
    }
}
