using System.CommandLine;
using Barrage.Cli.Output;
using Barrage.Plans;
using Spectre.Console;

namespace Barrage.Cli.Commands;

/// <summary>
/// <c>barrage hit URL</c>: a one-line test, as wrk and hey users expect: connections, duration or a
/// request count, method, headers and body. Same live view, summary and result files as <c>run</c>.
/// </summary>
internal static class HitCommand
{
    private static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(10);

    public static Command Create(IAnsiConsole console, CancellationToken interrupt)
    {
        var url = new Argument<string>("URL") { Description = "The URL to hit, e.g. http://127.0.0.1:8080/api/items." };
        var connections = new Option<int>("--connections", "-c")
        {
            Description = "Connections (users), each sending its next request when the last one is answered.",
            DefaultValueFactory = _ => 10,
        }.Numeric();
        var duration = new Option<string?>("--duration", "-d") { Description = "Test duration, e.g. 10s, 1m (default 10s, unless -n is given)." };
        var requests = new Option<long?>("--requests", "-n") { Description = "Total requests to send, shared by all connections." }.Numeric();
        var method = new Option<string>("--method", "-m") { Description = "HTTP method.", DefaultValueFactory = _ => "GET" };
        var headers = new Option<string[]>("--header", "-H") { Description = "A header, 'Name: value'; repeatable.", AllowMultipleArgumentsPerToken = false };
        var body = new Option<string?>("--body") { Description = "The request body (sent as UTF-8)." };
        var outDir = new Option<string?>("--out", "-o") { Description = "Directory for the results: summary.json and phout.log." };
        var insecure = new Option<bool>("--insecure", "-k") { Description = "Do not check the target's TLS certificate." };
        var noKeepAlive = new Option<bool>("--no-keepalive") { Description = "Open a new connection for every request." };
        var rate = new Option<double?>("--rate", "-r") { Description = "Open model: requests per second, sent on schedule whatever the target does (const(rate, duration))." }.Numeric();
        var maxInFlight = new Option<int?>("--max-in-flight") { Description = "Open model: the most requests in flight at once (default 1000); a request that waits over 1s for one is dropped." }.Numeric();
        var poisson = new Option<bool>("--poisson") { Description = "Open model: Poisson arrivals (exponential gaps) instead of even ones." };
        var seed = new Option<int?>("--seed") { Description = "Open model: the seed of Poisson arrivals, to repeat a run (printed when not given)." }.Numeric();
        var resolution = new Option<string?>("--resolution")
        {
            Description = "Open model: arrivals closer together than this start together, each up to this late (default 0.25ms; 0 = each at its instant; "
                + "coarser costs less CPU and sends in bursts, e.g. 10ms as h2load --rps does).",
        };
        var http2 = new Option<bool>("--http2")
        {
            Description = "Speak HTTP/2 (h2c with prior knowledge for http://, ALPN for https://): every connection's requests are streams over few shared connections.",
        };
        var command = new Command("hit", "Hit one URL: a quick test in one line, like wrk or hey.")
        {
            url, connections, duration, requests, method, headers, body, outDir, insecure, noKeepAlive, rate, maxInFlight, poisson, seed, resolution, http2,
        };
        var results = new ResultOptions();
        results.AddTo(command);
        command.SetAction(async (parse, _) =>
        {
            var errors = new List<PlanError>();
            void Error(string message) => errors.Add(new PlanError(SourcePosition.None, message));

            var urlText = parse.GetRequiredValue(url);
            if (!Uri.TryCreate(urlText, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                Error($"URL: expected an absolute http:// or https:// URL, got '{urlText}'");
            TimeSpan? durationValue = null;
            if (parse.GetValue(duration) is { } text)
            {
                if (Durations.TryParse(text, out var d, out var error) && d > TimeSpan.Zero)
                    durationValue = d;
                else
                    Error($"--duration: {error ?? "must be longer than zero"}");
            }
            var total = parse.GetValue(requests);
            if (total is < 1)
                Error($"--requests must be at least 1, got {total}");
            var users = parse.GetValue(connections);
            if (users < 1)
                Error($"--connections must be at least 1, got {users}");
            var headerPairs = new List<KeyValuePair<string, string>>();
            foreach (var header in parse.GetValue(headers) ?? [])
            {
                var colon = header.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0 || header[..colon].Trim().Length == 0)
                    Error($"--header: expected 'Name: value', got '{header}'");
                else
                    headerPairs.Add(new(header[..colon].Trim(), header[(colon + 1)..].Trim()));
            }
            var methodText = parse.GetRequiredValue(method).ToUpperInvariant();
            if (methodText.Length == 0 || !methodText.All(char.IsAsciiLetter))
                Error($"--method: expected a method such as GET or POST, got '{methodText}'");
            var thresholds = results.Thresholds(parse, errors);
            var autostop = results.AutostopCriteria(parse, errors);
            var prometheus = results.PrometheusAddress(parse, errors);
            var outputs = results.Outputs(parse, [], errors);
            var rateValue = parse.GetValue(rate);
            if (rateValue is { } r && !(r > 0 && r <= 1e7))
                Error($"--rate must be more than 0 and at most 10000000, got {r.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            if (rateValue is not null && total is not null)
                Error("--rate and --requests do not go together: the rate and the duration set the count");
            if (rateValue is null && (parse.GetValue(maxInFlight) is not null || parse.GetValue(poisson) || parse.GetValue(seed) is not null
                || parse.GetValue(resolution) is not null))
                Error("--max-in-flight, --poisson, --seed and --resolution go with --rate (the open model)");
            TimeSpan? resolutionValue = null;
            if (parse.GetValue(resolution) is { } resolutionText)
            {
                if (!Durations.TryParse(resolutionText, out var d, out var error))
                    Error($"--resolution: {error}");
                else if (LoadSpec.ResolutionProblem(d) is { } problem)
                    Error($"--resolution {problem}");
                else
                    resolutionValue = d;
            }
            if (rateValue is not null && parse.GetResult(connections) is { Implicit: false })
                Error("--connections goes with the closed model; with --rate, --max-in-flight bounds the requests in flight");
            if (parse.GetValue(maxInFlight) is < 1)
                Error($"--max-in-flight must be at least 1, got {parse.GetValue(maxInFlight)}");
            if (parse.GetValue(seed) is < 0)
                Error($"--seed must be at least 0, got {parse.GetValue(seed)}");
            if (parse.GetValue(http2) && parse.GetValue(noKeepAlive))
                Error("--no-keepalive does not go with --http2: HTTP/2 multiplexes requests over kept-alive connections");
            if (errors.Count > 0)
            {
                ErrorPrinter.Print(console, errors);
                return ExitCodes.BadInput;
            }

            var plan = new Plan
            {
                Name = "hit",
                Target = TargetSpec.ForUrl(uri!), // the URL hit, as the summary, the store and the reports name it
                Load = rateValue is { } perSecond
                    ? new LoadSpec
                    {
                        Model = LoadModel.Open,
                        Schedule = Load.RateSchedule.Constant(perSecond, durationValue ?? DefaultDuration),
                        MaxInFlight = parse.GetValue(maxInFlight) ?? 1000,
                        Arrivals = parse.GetValue(poisson) ? Load.ArrivalKind.Poisson : Load.ArrivalKind.Even,
                        Seed = parse.GetValue(seed),
                        Resolution = resolutionValue,
                    }
                    : new LoadSpec
                    {
                        Users = users,
                        Duration = durationValue ?? (total is null ? DefaultDuration : null),
                        SharedIterations = total,
                    },
                Scenario = new Scenario
                {
                    Main =
                    [
                        new RequestActivity { Method = methodText, Url = uri!.ToString(), Headers = headerPairs, Body = parse.GetValue(body) },
                    ],
                    // One fixed request, as wrk sends it: no cookie jar, so no response is read beyond its framing.
                    Cookies = false,
                },
                Transport = new Transport.TransportOptions
                {
                    VerifyCertificates = !parse.GetValue(insecure),
                    KeepAlive = !parse.GetValue(noKeepAlive),
                    Http2 = parse.GetValue(http2),
                },
                Thresholds = thresholds,
                Autostop = autostop,
                Outputs = outputs,
            };
            return await RunHost.ExecuteAsync(console, plan, parse.GetValue(outDir), interrupt, parse.GetValue(results.Store), prometheus);
        });
        return command;
    }
}
