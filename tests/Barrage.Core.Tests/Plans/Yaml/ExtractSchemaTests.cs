using Barrage.Scenarios;
using Barrage.Scenarios.Extraction;

namespace Barrage.Plans.Yaml;

public class ExtractSchemaTests
{
    private static (IReadOnlyList<Extractor> Extractors, List<string> Errors) Read(string yaml) => CheckSchemaTests.Read(yaml, ExtractSchema.Read);

    [Fact]
    public void Read_EverySource_WithItsOptions()
    {
        var (extractors, errors) = Read("""
            extract:
              token: { json: "$.token" }
              id: { regex: 'id=(\d+)-(?<rev>\w+)', group: rev, on_failure: stop_user }
              whole: { regex: '\d+' }
              next: { header: Location, default: /home }
              sid: { cookie: SESSION }
              title: { xpath: //title }
              link: { css: a.next, attribute: href }
            """);

        Assert.Empty(errors);
        Assert.Equal(["token", "id", "whole", "next", "sid", "title", "link"], extractors.Select(e => e.Variable));
        Assert.Equal(
            [typeof(JsonExtractor), typeof(RegexExtractor), typeof(RegexExtractor), typeof(HeaderExtractor), typeof(CookieExtractor), typeof(XPathExtractor), typeof(CssExtractor)],
            extractors.Select(e => e.GetType()));
        Assert.Equal(("rev", CheckFailureAction.StopUser), (((RegexExtractor)extractors[1]).Group, extractors[1].OnFailure));
        Assert.Equal("0", ((RegexExtractor)extractors[2]).Group);
        Assert.Equal("/home", extractors[3].Default);
        Assert.Equal("href", ((CssExtractor)extractors[6]).Attribute);
        Assert.Equal("extract token", extractors[0].Name);
    }

    [Fact]
    public void Read_ReportsEveryMistake_WithPositions()
    {
        var (_, errors) = Read("""
            extract:
              token: { jsn: "$.token" }
              "1st": { header: X }
              both: { json: $.a, header: X }
              g: { regex: 'a(b)', group: 2 }
              h: { header: X, group: 1 }
              c: { css: "a..b" }
              x: { xpath: "//a[" }
              token: { json: $.b }
            """);

        Assert.Equal(
            [
                "p.yaml:2:10: check.token: needs where to find the value, one of: json, regex, header, cookie, xpath, css",
                "p.yaml:2:12: unknown field 'check.token.jsn'; did you mean 'json'?",
                "p.yaml:3:3: check: '1st' cannot name a variable: use letters, digits, '_', '-' and '.', starting with a letter or '_'",
                "p.yaml:4:22: check.both: a variable has one source, found 'json' and 'header'",
                "p.yaml:5:30: check.g.group: /a(b)/ has no group '2'",
                "p.yaml:6:26: check.h.group: 'group' goes with 'regex', not 'header'",
                "p.yaml:7:13: check.c.css: " + CssExtractor.CheckSelector("a..b"),
                "p.yaml:8:15: check.x.xpath: " + XPathExtractor.CheckXPath("//a["),
                "p.yaml:9:3: duplicate field 'check.token' (first at line 2, column 3)",
            ],
            errors);
    }
}
