using System.Text;
using Barrage.Formats.Imports;
using Barrage.Formats.Tsung;
using Barrage.Plans;

namespace Barrage.Formats.Tests.Imports;

public sealed class TsungImportTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string Shop = """
        <?xml version="1.0"?>
        <!DOCTYPE tsung SYSTEM "/usr/share/tsung/tsung-1.0.dtd">
        <tsung loglevel="notice" version="1.0">
          <clients><client host="localhost" use_controller_vm="true"/></clients>
          <servers><server host="shop.test" port="8080" type="tcp"/></servers>
          <load>
            <arrivalphase phase="1" duration="2" unit="minute"><users interarrival="0.5" unit="second"/></arrivalphase>
            <arrivalphase phase="2" duration="10" unit="second"><users arrivalrate="120" unit="minute" maxnumber="10"/></arrivalphase>
          </load>
          <options>
            <option type="ts_http" name="user_agent">
              <user_agent probability="80">Mozilla/5.0 A</user_agent>
              <user_agent probability="20">Mozilla/5.0 B</user_agent>
            </option>
            <option name="file_server" id="userdb" value="users.txt"/>
          </options>
          <sessions>
            <session name="browse" probability="70" type="ts_http">
              <setdynvars sourcetype="file" fileid="userdb" delimiter=";" order="iter"><var name="username"/><var name="password"/></setdynvars>
              <setdynvars sourcetype="random_number" start="1" end="50"><var name="item"/></setdynvars>
              <transaction name="home">
                <request><http url="/" method="GET" version="1.1"/></request>
              </transaction>
              <thinktime value="2" random="true"/>
              <request subst="true">
                <dyn_variable name="token" re="token=([a-z0-9]+)"/>
                <dyn_variable name="id" jsonpath="$.id"/>
                <match do="abort" when="nomatch">Welcome</match>
                <http url="/login?u=%%_username%%" method="POST" contents="user=%%_username%%&amp;pw=%%_password%%" content_type="application/x-www-form-urlencoded">
                  <http_header name="X-Item" value="%%_item%%"/>
                </http>
              </request>
              <thinktime min="1" max="3"/>
              <for from="1" to="3" incr="1" var="page">
                <request><http url="/items" method="GET"/></request>
              </for>
              <repeat name="poll" max_repeat="5">
                <request subst="true"><dyn_variable name="state"/><http url="/state?t=%%_token%%" method="GET"/></request>
                <while var="state" eq="pending"/>
              </repeat>
              <if var="id" neq="0"><request subst="true"><http url="/items/%%_id%%" method="DELETE"/></request></if>
              <request subst="true"><http url="/x?f=%%mod:fun%%" method="GET"/></request>
              <change_type new_type="ts_jabber" host="localhost" port="5222"/>
            </session>
            <session name="api-only" probability="30" type="ts_http">
              <request><http url="/api/health" method="GET"/></request>
              <thinktime value="1" random="false"/>
            </session>
            <session name="chat" probability="0" type="ts_jabber"/>
          </sessions>
          <monitoring><monitor host="shop.test"/></monitoring>
        </tsung>
        """;

    private ImportResult Import(string xml, Uri? target = null)
    {
        var path = Path.Combine(_dir.Path, "shop.xml");
        File.WriteAllText(path, xml);
        File.WriteAllText(Path.Combine(_dir.Path, "users.txt"), "alice;secret\nbob;pa,ss\n");
        return TsungImport.Import(TsungReader.Read(path), path, target);
    }

    private Plan Load(ImportResult result)
    {
        var plan = Path.Combine(_dir.Path, "shop.yaml");
        foreach (var file in result.Files)
            File.WriteAllText(Path.Combine(_dir.Path, file.Name), file.Content);
        File.WriteAllText(plan, result.Yaml);
        return PlanLoader.LoadFile(plan);
    }

    [Fact]
    public void TheShopScenario_MapsToAValidPlan()
    {
        var result = Import(Shop);

        var plan = Load(result);
        Assert.Equal(new Uri("http://shop.test:8080/"), plan.Target.Url);
        Assert.Equal(LoadModel.Open, plan.Load.Model);
        // 2/s for 2 minutes; 2/s capped at 10 users (5 s), then 5 s without arrivals.
        Assert.Equal(240 + 10, plan.Load.Schedule!.TotalArrivals);
        Assert.Contains("const(2, 120s) const(2, 5s) const(0, 5s)", result.Yaml, StringComparison.Ordinal);
        Assert.Contains("browse", plan.Scenario.Sequences.Keys);
        Assert.Contains("api_only", plan.Scenario.Sequences.Keys);
        Assert.Contains("poll", plan.Scenario.Sequences.Keys);
    }

    [Fact]
    public void TheDataFile_IsRewrittenAsCsvWithAHeader_BesideThePlan()
    {
        var file = Assert.Single(Import(Shop).Files);

        Assert.Equal("shop-userdb.csv", file.Name);
        Assert.Equal("username,password\nalice,secret\nbob,\"pa,ss\"\n", file.Content);
    }

    [Fact]
    public void RequestsKeepTheirSubstitutionsExtractionAndChecks()
    {
        var yaml = Import(Shop).Yaml;

        Assert.Contains("post: /login?u=${username}", yaml, StringComparison.Ordinal);
        Assert.Contains("body: user=${username}&pw=${password}", yaml, StringComparison.Ordinal);
        Assert.Contains("X-Item: ${item}", yaml, StringComparison.Ordinal);
        Assert.Contains("regex: token=([a-z0-9]+)", yaml, StringComparison.Ordinal);
        Assert.Contains("json: $.id", yaml, StringComparison.Ordinal);
        Assert.Contains("body_regex: Welcome", yaml, StringComparison.Ordinal);
        Assert.Contains("on_failure: stop_user", yaml, StringComparison.Ordinal);
        Assert.Contains("exponential: 2s", yaml, StringComparison.Ordinal);
        Assert.Contains("think: 1s..3s", yaml, StringComparison.Ordinal);
        Assert.Contains("think: 1s", yaml, StringComparison.Ordinal);
        Assert.Contains("group: home", yaml, StringComparison.Ordinal);
        Assert.Contains("while: state == 'pending'", yaml, StringComparison.Ordinal);
        Assert.Contains("if: id != '0'", yaml, StringComparison.Ordinal);
        Assert.Contains("User-Agent: ${user_agent}", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void WhatCannotBeMapped_IsListedWithItsLine()
    {
        var result = Import(Shop);
        var lines = Shop.Split('\n');
        int LineOf(string text) => Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal)) + 1;

        Assert.Contains(result.Warnings, w => w.Where == $"line {LineOf("change_type")}" && w.Message.Contains("change_type", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Where == $"line {LineOf("ts_jabber\"/>")}" && w.Message.Contains("chat", StringComparison.Ordinal));
        Assert.Contains(result.Warnings, w => w.Message.Contains("%%mod:fun%%", StringComparison.Ordinal));
        Assert.Contains($"# line {LineOf("<monitoring>")}: <monitoring> left out", result.Yaml, StringComparison.Ordinal);
        Assert.Contains($"# line {LineOf("<clients>")}: <clients> left out", result.Yaml, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<tsung><sessions></sessions>", "not well-formed XML")]
    [InlineData("<jmeterTestPlan/>", "not <tsung>")]
    [InlineData("<tsung><sessions/></tsung>", "no <session>")]
    [InlineData("<tsung><load><arrivalphase phase=\"1\" duration=\"1\" unit=\"week\"><users arrivalrate=\"1\"/></arrivalphase></load><sessions><session name=\"s\"/></sessions></tsung>", "unit 'week'")]
    [InlineData("<tsung><servers><server host=\"a\" port=\"http\"/></servers><sessions><session name=\"s\"/></sessions></tsung>", "port=\"http\"")]
    public void NotTsung_IsAClearError_WithTheLine(string xml, string expected)
    {
        var e = Assert.Throws<ImportException>(() => TsungReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)), "t.xml"));

        Assert.StartsWith("t.xml:", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
