using Barrage.Transport;

namespace Barrage.Scenarios;

/// <summary>Writes a rendered line to the run's log.</summary>
internal sealed class LogStep(Template message) : Step
{
    public override ValueTask<bool> RunAsync(VirtualUser user, ITransport transport, CancellationToken soft)
    {
        user.Runtime.Log?.Write($"[user {user.UserId}] {message.Render(user)}");
        return ValueTask.FromResult(true);
    }
}
