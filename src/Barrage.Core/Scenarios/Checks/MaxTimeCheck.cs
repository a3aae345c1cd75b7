namespace Barrage.Scenarios.Checks;

/// <summary><c>max_time: 300ms</c>: the request took at most that long, start to end (the sample's service time).</summary>
internal sealed class MaxTimeCheck(string name, CheckFailureAction onFailure, TimeSpan limit) : Check(name, onFailure)
{
    public TimeSpan Limit { get; } = limit;

    public override bool NeedsResponse => false;

    protected override string? Judge(in CheckInput input)
    {
        var limitUs = Limit.Ticks / (TimeSpan.TicksPerMillisecond / 1000);
        return input.TotalUs <= limitUs
            ? null
            : $"took {Plans.Durations.Format(TimeSpan.FromTicks(input.TotalUs * 10))}, more than {Plans.Durations.Format(Limit)}";
    }
}
