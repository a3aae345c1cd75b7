using System.Text;

namespace Barrage.FunctionalTests.Imports;

/// <summary>Ammo of each style, imported and run against the built-in target: the target sees the ammo's requests.</summary>
public sealed class AmmoRunTests : TargetTest
{
    private static string RequestStyle(string authority)
    {
        var post = $"POST /echo HTTP/1.1\r\nHost: {authority}\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello";
        var get = $"GET /status/201 HTTP/1.1\r\nHost: {authority}\r\nX-Ammo: request\r\n\r\n";
        var put = $"PUT /bytes/4 HTTP/1.1\r\nHost: {authority}\r\nContent-Length: 3\r\n\r\nabc";
        return string.Concat(new[] { (post, "echo"), (get, "created"), (put, "") }.Select(r => $"{Encoding.UTF8.GetByteCount(r.Item1)} {r.Item2}".TrimEnd() + "\n" + r.Item1 + "\n"));
    }

    [Theory]
    [InlineData("request")]
    [InlineData("uri")]
    [InlineData("uripost")]
    public async Task EachStyle_ImportedAndRun_SendsTheAmmosRequests(string style)
    {
        var authority = Server.BaseAddress.Authority;
        var (text, expectedPaths, expectedBytesIn) = style switch
        {
            "request" => (RequestStyle(authority), new Dictionary<string, long> { ["/echo"] = 1, ["/status/201"] = 1, ["/bytes/4"] = 1 }, 5 + 3),
            "uri" => ($"[Host: {authority}]\n[X-Ammo: uri]\n/status/201 created\n/bytes/4\n/json?n=2 items\n", new Dictionary<string, long> { ["/status/201"] = 1, ["/bytes/4"] = 1, ["/json"] = 1 }, 0),
            _ => ($"[Host: {authority}]\n[Content-Type: text/plain]\n5 /echo echo\nhello\n0 /status/201\n\n3 /echo again\nabc\n", new Dictionary<string, long> { ["/echo"] = 2, ["/status/201"] = 1 }, 5 + 3),
        };
        var ammo = Dir.File($"{style}.ammo", text);
        var plan = Path.Combine(Dir.Path, $"{style}.yaml");

        var (importCode, importOutput) = await CliRunner.RunAsync("import", "ammo", ammo, "--style", style, "-o", plan);
        Assert.True(importCode == 0, importOutput);
        File.WriteAllText(plan, File.ReadAllText(plan).Replace("users: 10\n  duration: 1m", "users: 1\n  iterations: 2", StringComparison.Ordinal));
        var (code, output) = await CliRunner.RunAsync("run", plan);

        Assert.True(code == 0, output);
        Assert.Equal(expectedPaths.ToDictionary(p => p.Key, p => 2 * p.Value), Server.Stats.ByPath.ToDictionary());
        Assert.Equal(2 * expectedBytesIn, Server.Stats.BytesIn);
        Assert.Equal(2, Server.Stats.ByStatus[201]);
    }
}
