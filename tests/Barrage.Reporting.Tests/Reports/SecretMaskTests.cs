namespace Barrage.Reporting.Reports;

public sealed class SecretMaskTests
{
    [Theory]
    [InlineData("Authorization: Bearer abc", "Authorization: ***")]
    [InlineData("  authorization: \"Basic dXNlcjpwYXNz\"", "  authorization: ***")]
    [InlineData("headers: { Authorization: Bearer x, Accept: text/plain }", "headers: { Authorization: ***, Accept: text/plain }")]
    [InlineData("X-Auth-Token: t0k3n", "X-Auth-Token: ***")]
    [InlineData("api_key: 1234", "api_key: ***")]
    [InlineData("password='hunter2'", "password=***")]
    [InlineData("Cookie: session=abc; other=1", "Cookie: ***")]
    [InlineData("client_secret: s", "client_secret: ***")]
    public void Apply_MasksTheValue_KeepsTheKey(string text, string expected) => Assert.Equal(expected, SecretMask.Apply(text));

    [Theory]
    [InlineData("get: /login")]
    [InlineData("name: tokens-report-free\nusers: 4")]
    [InlineData("Accept: application/json")]
    public void Apply_LeavesOtherTextAlone(string text) => Assert.Equal(text, SecretMask.Apply(text));
}
