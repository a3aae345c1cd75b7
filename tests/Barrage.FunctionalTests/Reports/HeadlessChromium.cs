using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Barrage.FunctionalTests.Reports;

/// <summary>
/// Debian's Chromium, headless, driven over the Chrome DevTools protocol: a fresh profile, no network besides the
/// page, no GPU, no sandbox (tests run as root in CI). Loads a page, evaluates script in it, takes screenshots.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly List<JsonNode> _events = [];
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Why the browser test cannot run here, or null: Chromium may only be missing where nobody could install it.</summary>
    public static string? Unavailable =>
        File.Exists(Executable) || Environment.UserName == "root"
            ? null
            : $"{Executable} is missing and we are not root: install Debian's chromium package (test.sh does, as root)";

    /// <summary>Starts Chromium; <paramref name="extraArguments"/> go on its command line (a proxy, for instance).</summary>
    public static async Task<HeadlessChromium> StartAsync(CancellationToken cancel, params string[] extraArguments)
    {
        Assert.True(File.Exists(Executable), $"{Executable} is missing: test.sh installs Debian's chromium package (run it as root, as CI does)");
        var profile = Path.Combine(Path.GetTempPath(), "barrage-chromium-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        string[] arguments =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars",
            $"--user-data-dir={profile}", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", "--window-size=1280,900",
            .. extraArguments, "about:blank",
        ];
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var browser = new HeadlessChromium(process, profile);
        try
        {
            await browser.ConnectAsync(cancel);
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens <paramref name="url"/> and waits until <paramref name="readyScript"/> evaluates to true.</summary>
    public async Task NavigateAsync(Uri url, string readyScript, CancellationToken cancel)
    {
        await SendAsync("Page.enable", new JsonObject(), cancel);
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri }, cancel);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(Timeout);
        while (!(await EvaluateAsync(readyScript, deadline.Token) is JsonValue v && v.TryGetValue<bool>(out var ready) && ready))
            await Task.Delay(50, deadline.Token);
    }

    /// <summary>The value of a script expression (awaited if it is a promise), as JSON.</summary>
    public async Task<JsonNode> EvaluateAsync(string expression, CancellationToken cancel)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true }, cancel);
        if (result["exceptionDetails"] is { } failure)
            throw new InvalidOperationException($"script failed: {failure.ToJsonString()}");
        return result["result"]!["value"] ?? JsonValue.Create(false)!;
    }

    /// <summary>Events (messages without an id) received so far, in order; only those that arrived while a call awaited its answer.</summary>
    public IReadOnlyList<JsonNode> Events
    {
        get
        {
            lock (_events)
                return [.. _events];
        }
    }

    /// <summary>Calls a DevTools method and returns its result.</summary>
    public Task<JsonNode> CallAsync(string method, JsonObject parameters, CancellationToken cancel) => SendAsync(method, parameters, cancel);

    /// <summary>A PNG of the whole page, however long.</summary>
    public async Task<byte[]> ScreenshotAsync(CancellationToken cancel)
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true }, cancel);
        return Convert.FromBase64String(result["data"]!.GetValue<string>());
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task ConnectAsync(CancellationToken cancel)
    {
        // Chromium writes its port and browser path here once it listens.
        var portFile = Path.Combine(_profile, "DevToolsActivePort");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(Timeout);
        string[] lines = [];
        while (lines.Length < 2)
        {
            Assert.False(_process.HasExited, $"chromium exited with code {(_process.HasExited ? _process.ExitCode : 0)} before it listened");
            await Task.Delay(50, deadline.Token);
            if (File.Exists(portFile))
                lines = (await File.ReadAllTextAsync(portFile, deadline.Token)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        using var http = new HttpClient { Timeout = Timeout };
        var targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{lines[0].Trim()}/json/list"), deadline.Token))!.AsArray();
        var page = targets.First(t => t!["type"]!.GetValue<string>() == "page")!;
        await _socket.ConnectAsync(new Uri(page["webSocketDebuggerUrl"]!.GetValue<string>()), deadline.Token);
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject parameters, CancellationToken cancel)
    {
        var id = ++_nextId;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancel);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(Timeout);
        var buffer = new byte[1 << 16];
        while (true)
        {
            using var text = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await _socket.ReceiveAsync(buffer, deadline.Token);
                text.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);
            // Events (no id) are kept for who asks; answers to other calls are skipped.
            var reply = JsonNode.Parse(text.ToArray())!;
            if (reply["id"] is null)
            {
                lock (_events)
                    _events.Add(reply);
                continue;
            }
            if (reply["id"]!.GetValue<int>() != id)
                continue;
            if (reply["error"] is { } error)
                throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
            return reply["result"]!;
        }
    }
}
