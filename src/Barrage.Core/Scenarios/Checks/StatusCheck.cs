using Barrage.Transport;

namespace Barrage.Scenarios.Checks;

/// <summary><c>status: 200</c>, <c>status: [200, 201]</c>, <c>status: 2xx</c>: the final status is one of the ranges.</summary>
internal sealed class StatusCheck(string name, CheckFailureAction onFailure, IReadOnlyList<(int From, int To)> ranges, string expected)
    : Check(name, onFailure)
{
    public IReadOnlyList<(int From, int To)> Ranges { get; } = ranges;

    public override bool NeedsResponse => false;

    protected override string? Judge(in CheckInput input)
    {
        if (input.Result.NetCode != NetCodes.Ok)
            return $"expected status {expected}, got no response ({NetCodes.Describe(input.Result.NetCode)})";
        var status = input.Result.StatusCode;
        for (var i = 0; i < Ranges.Count; i++) // by index: no enumerator per response
        {
            if (status >= Ranges[i].From && status <= Ranges[i].To)
                return null;
        }
        return $"expected status {expected}, got {status}";
    }
}
