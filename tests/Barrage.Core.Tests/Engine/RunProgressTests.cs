namespace Barrage.Engine;

public sealed class RunProgressTests
{
    [Fact]
    public async Task InFlight_RequestsEndingOnOtherThreads_CountsWhatIsStillInFlight()
    {
        var progress = new RunProgress();
        // Started here, ended on thread-pool threads (other processors, so other stripes, most of the time).
        for (var i = 0; i < 1000; i++)
            progress.RequestStarted();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 200; i++)
                progress.RequestEnded();
        })));

        Assert.Equal(200, progress.InFlight);
    }

    [Fact]
    public void InFlight_Mirrored_IsTheMirroredCount()
    {
        var progress = new RunProgress();
        progress.RequestStarted();
        progress.RequestStarted();

        progress.Mirror(activeUsers: 3, inFlight: 7, due: 0, sent: 0, completed: 0, dropped: 0, waiting: 0);

        Assert.Equal(7, progress.InFlight);
    }
}
