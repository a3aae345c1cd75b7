using System.Net;

namespace Barrage.Target.Tests.Endpoints;

public sealed class PageEndpointsTests(TargetServerFixture fixture) : IClassFixture<TargetServerFixture>
{
    [Fact]
    public async Task ThePage_ReferencesEachResource_WhichTheServerServes()
    {
        var html = await fixture.Client.GetStringAsync(new Uri("/page?delay=5", UriKind.Relative));

        foreach (var file in new[] { "style.css", "app.js", "logo.png", "photo.png", "icon.png" })
        {
            Assert.Contains($"/page/{file}?delay=5\"", html, StringComparison.Ordinal);
            using var response = await fixture.Client.GetAsync(new Uri($"/page/{file}?delay=5", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(response.Content.Headers.ContentLength > 0);
            Assert.True(response.Headers.CacheControl?.NoStore, file);
        }
        Assert.Contains("fetch('/login'", await fixture.Client.GetStringAsync(new Uri("/page/app.js", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/page/other.css", HttpStatusCode.NotFound)]
    [InlineData("/page/app.js?delay=soon", HttpStatusCode.BadRequest)]
    [InlineData("/page?delay=10001", HttpStatusCode.BadRequest)]
    public async Task UnknownFilesAndBadDelays_AreRefused(string path, HttpStatusCode expected)
    {
        using var response = await fixture.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(expected, response.StatusCode);
    }
}
