namespace Barrage.Autostop;

/// <summary>The Yandex.Tank autostop criteria Barrage understands.</summary>
public enum AutostopKind
{
    /// <summary><c>time(1s500ms, 30s)</c>: mean service time above a limit in every second of a window.</summary>
    Time,

    /// <summary><c>http(5xx, 10%, 10s)</c>: responses with matching status above a share or count in every second of a window.</summary>
    Http,

    /// <summary><c>net(xx, 1, 10s)</c>: transport failures with a matching code above a share or count in every second of a window.</summary>
    Net,

    /// <summary><c>quantile(95, 100ms, 10s)</c>: a percentile of service time above a limit in every second of a window.</summary>
    Quantile,

    /// <summary><c>limit(5m)</c>: the run's length.</summary>
    Limit,
}
