namespace Barrage.Autostop;

/// <summary>A condition that stops a run early, Tank-style; read by <see cref="AutostopParser"/>.</summary>
public sealed record AutostopCriterion
{
    /// <summary>The criterion as written.</summary>
    public required string Expression { get; init; }

    public required AutostopKind Kind { get; init; }

    /// <summary>For time and quantile: the limit in µs. For http and net: the count per second, or the share (0..1) when <see cref="IsShare"/>.</summary>
    public double Limit { get; init; }

    /// <summary>True when <see cref="Limit"/> is a share of the second's requests.</summary>
    public bool IsShare { get; init; }

    /// <summary>For http and net: the codes, with <c>x</c> for any digit (<c>5xx</c>, <c>50x</c>, <c>110</c>); net's <c>xx</c> is any failure.</summary>
    public string Codes { get; init; } = "";

    /// <summary>For quantile: the percentile.</summary>
    public double Percentile { get; init; }

    /// <summary>How long the condition must hold (every second of it); for limit, the run's length.</summary>
    public required TimeSpan Window { get; init; }

    /// <summary>True when <paramref name="code"/> matches <see cref="Codes"/>.</summary>
    public bool Matches(int code)
    {
        if (Kind == AutostopKind.Net && Codes == "xx")
            return code != 0;
        var text = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (text.Length != Codes.Length)
            return false;
        for (var i = 0; i < text.Length; i++)
        {
            if (Codes[i] != 'x' && Codes[i] != text[i])
                return false;
        }
        return true;
    }
}
