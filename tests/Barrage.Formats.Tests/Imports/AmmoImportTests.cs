using System.Text;
using Barrage.Formats.Ammo;
using Barrage.Formats.Imports;
using TestAmmo = Barrage.Formats.Tests.Ammo.Ammo;
using Barrage.Plans;

namespace Barrage.Formats.Tests.Imports;

public sealed class AmmoImportTests
{
    [Fact]
    public void UriStyle_HostBecomesTheTarget_HeadersAndTagsStayOnTheRequests()
    {
        var requests = TestAmmo.Parse("[Host: shop.test:8080]\n[User-Agent: tank]\n/api/items items\n/api/items/7\n", AmmoStyle.Uri);

        var result = AmmoImport.Import(requests, "/data/shop.ammo", target: null);

        Assert.Empty(result.Warnings);
        var plan = PlanLoader.Parse(result.Yaml, "shop.yaml");
        Assert.Equal("shop", plan.Name);
        Assert.Equal(new Uri("http://shop.test:8080/"), plan.Target.Url);
        var main = plan.Scenario.Main.Cast<RequestActivity>().ToList();
        Assert.Equal(["/api/items", "/api/items/7"], main.Select(r => r.Url));
        Assert.Equal(["items", null], main.Select(r => r.Tag));
        Assert.All(main, r => Assert.Equal([new("User-Agent", "tank")], r.Headers)); // the Host is the target's: not repeated
    }

    [Fact]
    public void RawRequest_IsTakenApart_IntoMethodHeadersAndBody()
    {
        var raw = "PUT /api/cart?x=1 HTTP/1.1\r\nHost: shop.test\r\nContent-Type: application/json\r\nContent-Length: 13\r\nConnection: keep-alive\r\n\r\n{\"id\": \"yes\"}";
        var requests = TestAmmo.Parse(TestAmmo.Chunk(raw, "cart") + TestAmmo.Chunk("DELETE /x HTTP/1.1\r\nHost: other.test\r\n\r\n"), AmmoStyle.Request);

        var result = AmmoImport.Import(requests, "raw.txt", new Uri("http://127.0.0.1:8080"));

        var main = PlanLoader.Parse(result.Yaml, "raw.yaml").Scenario.Main.Cast<RequestActivity>().ToList();
        Assert.Equal("PUT", main[0].Method);
        Assert.Equal("/api/cart?x=1", main[0].Url);
        Assert.Equal("cart", main[0].Tag);
        Assert.Equal("{\"id\": \"yes\"}", main[0].Body);
        // Content-Length and Connection are the transport's; a Host other than the target's is a virtual host and stays.
        Assert.Equal([new("Host", "shop.test"), new("Content-Type", "application/json")], main[0].Headers);
        Assert.Equal("DELETE", main[1].Method);
        Assert.Null(main[1].Body);
    }

    [Fact]
    public void MethodsWithoutShorthand_UseTheLongForm()
    {
        var requests = TestAmmo.Parse(TestAmmo.Chunk("PROPFIND /dav HTTP/1.1\r\nHost: a\r\n\r\n"), AmmoStyle.Request);

        var result = AmmoImport.Import(requests, "dav", new Uri("http://127.0.0.1:1"));

        Assert.Contains("request:", result.Yaml, StringComparison.Ordinal);
        var request = Assert.IsType<RequestActivity>(Assert.Single(PlanLoader.Parse(result.Yaml, "dav.yaml").Scenario.Main));
        Assert.Equal("PROPFIND", request.Method);
    }

    [Fact]
    public void BinaryAndChunkedBodies_AreLeftOutWithAWarning_NotSilently()
    {
        var binary = Encoding.Latin1.GetBytes("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n\0\xff\x01");
        var chunked = Encoding.ASCII.GetBytes("POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
        var text = TestAmmo.Chunk("GET /ok HTTP/1.1\r\nHost: a\r\n\r\n");
        var file = new MemoryStream();
        foreach (var request in new[] { binary, chunked })
        {
            file.Write(Encoding.ASCII.GetBytes($"{request.Length} up\n"));
            file.Write(request);
            file.WriteByte((byte)'\n');
        }
        file.Write(Encoding.ASCII.GetBytes(text));

        var result = AmmoImport.Import(TestAmmo.Parse(file.ToArray(), AmmoStyle.Request), "mixed", new Uri("http://127.0.0.1:1"));

        Assert.Equal(2, result.Warnings.Count);
        Assert.Contains("request 1 (tag 'up')", result.Warnings[0].ToString(), StringComparison.Ordinal);
        Assert.Contains("binary", result.Warnings[0].Message, StringComparison.Ordinal);
        Assert.Contains("chunked", result.Warnings[1].Message, StringComparison.Ordinal);
        Assert.Contains("# warning: request 1 (tag 'up')", result.Yaml, StringComparison.Ordinal); // the plan says where it left them out
        Assert.Equal("/ok", Assert.IsType<RequestActivity>(Assert.Single(PlanLoader.Parse(result.Yaml, "m.yaml").Scenario.Main)).Url);
    }

    [Fact]
    public void NoTargetAndNoHost_IsAClearError()
    {
        var requests = TestAmmo.Parse("/a\n", AmmoStyle.Uri);

        var e = Assert.Throws<ImportException>(() => { AmmoImport.Import(requests, "plain.ammo", target: null); });

        Assert.Contains("plain.ammo", e.Message, StringComparison.Ordinal);
        Assert.Contains("--target", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValuesThatLookLikeNumbersOrBooleans_StayText()
    {
        var requests = TestAmmo.Parse("[X-Count: 42]\n[X-Flag: true]\n/a 007\n", AmmoStyle.Uri);

        var plan = PlanLoader.Parse(AmmoImport.Import(requests, "t", new Uri("http://127.0.0.1:1")).Yaml, "t.yaml");

        var request = Assert.IsType<RequestActivity>(Assert.Single(plan.Scenario.Main));
        Assert.Equal("007", request.Tag);
        Assert.Equal([new("X-Count", "42"), new("X-Flag", "true")], request.Headers);
    }

    [Fact]
    public void ExportThenImport_GivesBackTheSameRequests()
    {
        var plan = PlanLoader.Parse("""
            name: shop
            target: http://127.0.0.1:8080
            load: { users: 1, iterations: 1 }
            scenario:
              init:
                - post: /login
              main:
                - get: /items?page=2
                  headers: { Accept: application/json }
                - post: /cart
                  tag: cart
                  headers: { Content-Type: text/plain }
                  body: "two\nlines"
                - request: { method: PROPFIND, url: /dav }
            """, "shop.yaml");
        var ammo = new MemoryStream();

        var warnings = AmmoExport.Export(plan, target: null, ammo);

        Assert.Contains(warnings, w => w.Message.Contains("init", StringComparison.Ordinal));
        var requests = TestAmmo.Parse(ammo.ToArray(), AmmoStyle.Auto);
        Assert.Equal(["GET /items", "cart", "PROPFIND /dav"], requests.Select(r => r.Tag));
        Assert.Equal(["/items?page=2", "/cart", "/dav"], requests.Select(r => r.Path));
        Assert.EndsWith("\r\n\r\ntwo\nlines", TestAmmo.Text(requests[1].Raw), StringComparison.Ordinal);

        var back = PlanLoader.Parse(AmmoImport.Import(requests, "shop.ammo", null).Yaml, "back.yaml");
        var main = back.Scenario.Main.Cast<RequestActivity>().ToList();
        Assert.Equal(new Uri("http://127.0.0.1:8080/"), back.Target.Url);
        Assert.Equal(["GET", "POST", "PROPFIND"], main.Select(r => r.Method));
        Assert.Equal([null, "cart", null], main.Select(r => r.Tag)); // default tags are not spelled out again
        Assert.Equal("two\nlines", main[1].Body);
        Assert.Equal([new("Accept", "application/json")], main[0].Headers);
    }

    [Fact]
    public void Export_RefusesWhatAmmoCannotHold()
    {
        var dynamic = PlanLoader.Parse("""
            name: d
            target: builtin
            variables: { id: "7" }
            load: { users: 1, iterations: 1 }
            scenario:
              main:
                - get: /items/${id}
            """, "d.yaml");

        var noTarget = Assert.Throws<ImportException>(() => AmmoExport.Export(dynamic, null, new MemoryStream()));
        Assert.Contains("builtin", noTarget.Message, StringComparison.Ordinal);
        var nothing = Assert.Throws<ImportException>(() => AmmoExport.Export(dynamic, new Uri("http://127.0.0.1:1"), new MemoryStream()));
        Assert.Contains("macros", nothing.Message, StringComparison.Ordinal);
    }
}
