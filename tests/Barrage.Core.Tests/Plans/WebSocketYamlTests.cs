using Barrage.Scenarios;

namespace Barrage.Plans;

/// <summary>The web-socket activities and <c>http2</c> in YAML: read into the model, and their mistakes reported with positions.</summary>
public class WebSocketYamlTests
{
    private static void AssertErrors(string yaml, params string[] expected)
    {
        var e = Assert.Throws<PlanException>(() => PlanLoader.Parse(yaml, "p.yaml"));
        Assert.Equal(string.Join("\n", expected), string.Join("\n", e.Errors.Select(x => x.ToString())));
    }

    [Fact]
    public void WebSocketActivities_AreRead_WithTheirDefaultTags()
    {
        var plan = PlanLoader.Parse("""
            target: builtin
            load: { iterations: 1 }
            http: { http2: true }
            scenario:
              main:
                - ws_connect: /ws/echo?room=1
                  name: chat
                  headers: { X-User: "${user_id}" }
                  subprotocol: chat.v1
                  timeout: 2s
                - ws_send: "hi ${user_id}"
                  name: chat
                  binary: true
                - ws_receive:
                  name: chat
                  timeout: 500ms
                  pattern: "^hi (\\d+)$"
                  contains: hi
                  on_failure: abort_iteration
                  extract: { id: { regex: "(\\d+)" }, who: { json: "$.who", default: none } }
                - ws_close:
                  name: chat
                  tag: bye
                - get: /after/${id}
                  http2: true
            """, "p.yaml");

        var main = plan.Scenario.Main;
        var connect = Assert.IsType<WebSocketConnectActivity>(main[0]);
        Assert.Equal(("/ws/echo?room=1", "chat", "chat.v1", TimeSpan.FromSeconds(2), "WS connect /ws/echo"),
            (connect.Url, connect.Socket, connect.Subprotocol, connect.Timeout, connect.EffectiveTag));
        Assert.Equal([new("X-User", "${user_id}")], connect.Headers);
        var send = Assert.IsType<WebSocketSendActivity>(main[1]);
        Assert.Equal(("hi ${user_id}", true, "WS send chat"), (send.Message, send.Binary, send.EffectiveTag));
        var receive = Assert.IsType<WebSocketReceiveActivity>(main[2]);
        Assert.Equal(("^hi (\\d+)$", "hi", CheckFailureAction.AbortIteration, "WS receive chat"),
            (receive.Pattern!.ToString(), receive.Contains, receive.OnFailure, receive.EffectiveTag));
        Assert.Equal(["id", "who"], receive.Extractors.Select(x => x.Variable));
        Assert.Equal("bye", Assert.IsType<WebSocketCloseActivity>(main[3]).EffectiveTag);
        Assert.True(Assert.IsType<RequestActivity>(main[4]).Http2);
        Assert.True(plan.Transport.Http2);
    }

    [Fact]
    public void WebSocketMistakes_AreAllReported_AtTheirPositions() => AssertErrors("""
        target: builtin
        load: { iterations: 1 }
        scenario:
          main:
            - ws_connect: ftp://host/x
              headers: { Sec-WebSocket-Protocol: chat }
            - ws_connect: /ws
              name: chat
              timout: 1s
            - ws_send: hello
              name: caht
            - ws_receive: chat
              pattern: "(unclosed"
              extract: { token: { header: X-Token } }
            - ws_close:
              binary: true
        """,
        "p.yaml:5:19: scenario.main[0].ws_connect: expected a path starting with '/' or an absolute ws:// or wss:// URL, got 'ftp://host/x'",
        "p.yaml:6:18: scenario.main[0].headers: 'Sec-WebSocket-Protocol' belongs to the upgrade itself and is written by the client; use 'subprotocol'",
        "p.yaml:9:7: unknown field 'scenario.main[1].timout'; did you mean 'timeout'?",
        "p.yaml:10:7: ws_send: no ws_connect opens socket 'caht'; did you mean 'chat'?",
        "p.yaml:12:19: scenario.main[3].ws_receive: takes no value; its options go beside it (timeout: 2s, pattern: \"^ok\"), and 'name' says which socket",
        "p.yaml:13:16: scenario.main[3].pattern: not a valid regex: Invalid pattern '(unclosed' at offset 9. Not enough )'s.",
        "p.yaml:14:35: scenario.main[3].extract.token.header: a message has no headers; take the value with 'regex' or 'json'",
        "p.yaml:16:7: unknown field 'scenario.main[4].binary'; expected one of: ws_close, name, timeout, tag");

    [Fact]
    public void Http2WithoutKeepAlive_IsRefused() => AssertErrors("""
        target: builtin
        load: { iterations: 1 }
        http: { http2: true, keepalive: false }
        scenario:
          main: [ { get: /, http2: yes } ]
        """,
        "p.yaml:3:33: http.keepalive: 'keepalive: false' does not go with 'http2: true': HTTP/2 multiplexes requests over kept-alive connections",
        "p.yaml:5:28: scenario.main[0].http2: unknown value 'yes'; expected one of: true, false");
}
