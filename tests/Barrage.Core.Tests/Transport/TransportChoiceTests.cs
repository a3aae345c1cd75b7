namespace Barrage.Transport;

/// <summary>How many event loops a run gets: half the processors for a target on this machine.</summary>
public sealed class TransportChoiceTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/")]
    [InlineData("http://127.1.2.3/")]
    [InlineData("http://localhost:8080/")]
    [InlineData("http://[::1]:8080/")]
    public void DefaultLoops_TargetOnThisMachine_HalfTheProcessors(string target)
    {
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), TransportChoice.DefaultLoops(new Uri(target)));
    }

    [Theory]
    [InlineData("http://10.1.2.3:8080/")]
    [InlineData("http://example.com/")]
    [InlineData("http://[2001:db8::1]/")]
    public void DefaultLoops_TargetElsewhere_OnePerProcessor(string target)
    {
        Assert.Null(TransportChoice.DefaultLoops(new Uri(target)));
    }
}
