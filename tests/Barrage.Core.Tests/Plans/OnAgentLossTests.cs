namespace Barrage.Plans;

/// <summary><c>on_agent_loss</c>: what a cluster run does when it loses an agent.</summary>
public class OnAgentLossTests
{
    private const string Rest = "target: builtin\nload: { users: 1, iterations: 1 }\nscenario: { main: [ { get: / } ] }\n";

    [Theory]
    [InlineData("", AgentLossAction.Continue)]
    [InlineData("on_agent_loss: continue\n", AgentLossAction.Continue)]
    [InlineData("on_agent_loss: abort\n", AgentLossAction.Abort)]
    public void OnAgentLoss_IsRead_ContinueByDefault(string line, AgentLossAction expected) =>
        Assert.Equal(expected, PlanLoader.Parse(line + Rest, "p.yaml").OnAgentLoss);

    [Fact]
    public void AnUnknownAction_IsAnErrorNamingTheChoices()
    {
        var e = Assert.Throws<PlanException>(() => PlanLoader.Parse("on_agent_loss: abrt\n" + Rest, "p.yaml"));

        Assert.Equal(["p.yaml:1:16: on_agent_loss: unknown value 'abrt'; did you mean 'abort'?"], e.Errors.Select(x => x.ToString()));
    }
}
