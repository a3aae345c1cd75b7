namespace Barrage.FunctionalTests.Imports;

/// <summary>A Tsung scenario using every element the importer maps, imported and run against the built-in target.</summary>
public sealed class TsungRunTests : TargetTest
{
    // Two phases: 4 arrivals/s for 1 s capped at 3 users, then 240/minute for 500 ms: 3 + 2 = 5 sessions.
    private const int Sessions = 5;

    private string Scenario() => $$"""
        <?xml version="1.0"?>
        <!DOCTYPE tsung SYSTEM "/usr/share/tsung/tsung-1.0.dtd">
        <tsung loglevel="notice" version="1.0">
          <clients><client host="localhost" use_controller_vm="true"/></clients>
          <servers><server host="127.0.0.1" port="{{Server.BaseAddress.Port}}" type="tcp"/></servers>
          <load>
            <arrivalphase phase="1" duration="1" unit="second"><users interarrival="0.25" unit="second" maxnumber="3"/></arrivalphase>
            <arrivalphase phase="2" duration="500" unit="millisecond"><users arrivalrate="240" unit="minute"/></arrivalphase>
          </load>
          <options>
            <option type="ts_http" name="user_agent">
              <user_agent probability="60">Mozilla/5.0 (tsung A)</user_agent>
              <user_agent probability="40">Mozilla/5.0 (tsung B)</user_agent>
            </option>
            <option name="file_server" id="users" value="users.txt"/>
          </options>
          <sessions>
            <session name="shop" probability="70" type="ts_http">
              <setdynvars sourcetype="file" fileid="users" delimiter=";" order="iter"><var name="username"/><var name="code"/></setdynvars>
              <setdynvars sourcetype="random_number" start="1" end="9"><var name="size"/></setdynvars>
              <setdynvars sourcetype="random_string" length="12"><var name="nonce"/></setdynvars>
              <transaction name="login">
                <request>
                  <dyn_variable name="token" jsonpath="$.token"/>
                  <http url="/login" method="POST" version="1.1" contents="{&quot;user&quot;:&quot;tsung&quot;}" content_type="application/json"/>
                </request>
              </transaction>
              <thinktime value="0.02" random="false"/>
              <request subst="true">
                <dyn_variable name="order" jsonpath="$.id"/>
                <match do="abort" when="nomatch">placed</match>
                <http url="/orders" method="POST" contents="item=book&amp;by=%%_username%%" content_type="application/x-www-form-urlencoded">
                  <http_header name="Authorization" value="Bearer %%_token%%"/>
                </http>
              </request>
              <thinktime min="0" max="0.03"/>
              <repeat name="poll" max_repeat="3">
                <request subst="true">
                  <dyn_variable name="state" re="&quot;status&quot;:&quot;([a-z]+)&quot;"/>
                  <match do="continue" when="match">no such order</match>
                  <http url="/orders/%%_order%%" method="GET"><http_header name="Authorization" value="Bearer %%_token%%"/></http>
                </request>
                <until var="state" eq="placed"/>
              </repeat>
              <request subst="true"><http url="/status/%%_code%%" method="GET"/></request>
              <request subst="true"><http url="/bytes/%%_size%%" method="GET"/></request>
              <request subst="true"><http url="/cookies/set?n=%%_nonce%%" method="GET"/></request>
              <for from="1" to="3" incr="1" var="i">
                <request><http url="/json" method="GET"/></request>
              </for>
              <request>
                <dyn_variable name="title" xpath="//title"/>
                <http url="/page" method="GET"/>
              </request>
              <if var="title" eq="barrage target">
                <request><http url="/status/206" method="GET"/></request>
              </if>
              <thinktime value="0.01" random="true"/>
            </session>
            <session name="browse" probability="30" type="ts_http">
              <request><http url="/" method="GET"/></request>
            </session>
          </sessions>
          <monitoring><monitor host="127.0.0.1" type="erlang"/></monitoring>
        </tsung>
        """;

    [Fact]
    public async Task EveryMappedElement_RunsAgainstTheTarget_AndStatsShowWhatTheScenarioSays()
    {
        var xml = Dir.File("shop.xml", Scenario());
        Dir.File("users.txt", "alice;203\nbob;205\n");
        var plan = Path.Combine(Dir.Path, "shop.yaml");

        var (importCode, importOutput) = await CliRunner.RunAsync("import", "tsung", xml, "-o", plan);
        Assert.True(importCode == 0, importOutput);
        Assert.Contains("<monitoring>", File.ReadAllText(plan), StringComparison.Ordinal); // said, not dropped silently
        var (code, output) = await CliRunner.RunAsync("run", plan, "--seed", "7");

        Assert.True(code == 0, output);
        var byPath = Server.Stats.ByPath;
        var byRoute = Server.Stats.ByRoute;
        var byStatus = Server.Stats.ByStatus;
        long shop = byPath.GetValueOrDefault("/login");
        long browse = byPath.GetValueOrDefault("/");
        Assert.Equal(Sessions, shop + browse); // each arrival ran one session, picked by weight
        Assert.True(shop > 0, $"no shop session among {Sessions} (seed 7): {output}");
        Assert.Equal(shop, byPath["/orders"]);
        Assert.Equal(shop, byRoute["/orders/{id}"]); // repeat until "placed": once, as the order is placed at once
        Assert.Equal(8 * shop + browse, byStatus[200]); // login, order read, bytes, cookies, 3 × json, page; and browse's /
        Assert.Equal(shop, byStatus[201]); // the order, made with the extracted token
        Assert.Equal(shop, byStatus.GetValueOrDefault(203) + byStatus.GetValueOrDefault(205)); // the data file's codes
        Assert.Equal(shop, byRoute["/bytes/{n}"]);
        Assert.Equal(shop, byPath["/cookies/set"]);
        Assert.Equal(3 * shop, byPath["/json"]); // <for from=1 to=3>
        Assert.Equal(shop, byStatus.GetValueOrDefault(206)); // <if> on the value <dyn_variable xpath> took from the page
        Assert.False(byStatus.ContainsKey(401) || byStatus.ContainsKey(404), output); // tokens and ids went where Tsung put them
    }

    [Fact]
    public async Task RunningTheXmlDirectly_ImportsOnTheFly()
    {
        var xml = Dir.File("shop.xml", Scenario());
        Dir.File("users.txt", "alice;203\nbob;205\n");

        var (code, output) = await CliRunner.RunAsync("run", xml, "--seed", "7");

        Assert.True(code == 0, output);
        Assert.Equal(Sessions, Server.Stats.ByPath.GetValueOrDefault("/login") + Server.Stats.ByPath.GetValueOrDefault("/"));
    }
}
