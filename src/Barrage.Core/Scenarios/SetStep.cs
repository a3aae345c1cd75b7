using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>Sets variables, in order, so a later one may use an earlier one.</summary>
internal sealed class SetStep((string Name, Template Value)[] assignments) : Step
{
    public override ValueTask<bool> RunAsync(VirtualUser user, ITransport transport, CancellationToken soft)
    {
        foreach (var (name, value) in assignments)
            user.Set(name, value.Render(user));
        return ValueTask.FromResult(true);
    }
}
