using System.Text.Json;
using Barrage.Cluster.Protocol;
using Barrage.Engine;
using Barrage.Load;
using Barrage.Metrics;
using Barrage.Metrics.TimeSeries;
using Barrage.Plans;
using NATS.Client.Core;

namespace Barrage.Cluster;

/// <summary>
/// The coordinator's side before the start: waits for the agents, sends them the plan with their shares,
/// measures their clocks and fixes one start instant. What runs then is a <see cref="ClusterRun"/>.
/// </summary>
public static class ClusterCoordinator
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StartLead = TimeSpan.FromSeconds(1);
    private const int ClockRoundTrips = 8;

    /// <summary>
    /// Prepares a run of <paramref name="plan"/> across <see cref="ClusterOptions.Agents"/> agents; null (and a message
    /// in <paramref name="log"/>) when they do not all come, or one refuses the plan.
    /// </summary>
    /// <param name="options">Where and how many.</param>
    /// <param name="plan">The plan, overrides applied; it must come from a file (the file travels).</param>
    /// <param name="overrides">The command line's overrides, which every agent applies too.</param>
    /// <param name="baseAddress">The target every agent loads (the coordinator's built-in one included).</param>
    /// <param name="collector">The coordinator's collector, into which agents' aggregates are merged.</param>
    /// <param name="series">The coordinator's time series, into which agents' seconds are merged.</param>
    /// <param name="log">Where the coordinator says what happens.</param>
    /// <param name="cancel">Ctrl-C before the start.</param>
    public static async Task<ClusterRun?> PrepareAsync(ClusterOptions options, Plan plan, PlanOverrides overrides, Uri baseAddress,
        MetricsCollector collector, TimeSeriesCollector series, Action<string> log, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(log);
        if (plan.SourcePath is null)
        {
            log("a cluster run needs a plan file: it travels to the agents");
            return null;
        }
        var bundle = Bundle(plan, log);
        if (bundle is null)
            return null;
        var (nats, error) = await NatsConnect.TryAsync(options.NatsUrl, "barrage-coordinator", cancel).ConfigureAwait(false);
        if (nats is null)
        {
            log(error!);
            return null;
        }
        var handedOver = false;
        var beating = new CancellationTokenSource();
        Task beats = Task.CompletedTask;
        try
        {
            var agents = await WaitForAgentsAsync(nats, options, log, cancel).ConfigureAwait(false);
            if (agents is null)
                return null;

            var runId = Guid.NewGuid().ToString("N")[..12];
            beats = BeatAsync(nats, runId, beating.Token);
            // Poisson arrivals: every agent must draw the same times, so the coordinator picks the seed.
            var seed = plan.Load.Arrivals == ArrivalKind.Poisson ? plan.Load.Seed ?? Random.Shared.Next() : plan.Load.Seed;
            overrides = overrides with { Seed = seed, Target = null };
            var insecure = !plan.Transport.VerifyCertificates;
            var offers = agents.Select(a => new RunOffer(runId, Wire.TokenHash(options.Token), a.Share.Index, a.Share.Count, bundle, overrides,
                baseAddress.ToString(), plan.Ammo is { } ammo ? ammo with { Path = PlanBundle.KeyOf(plan.SourcePath, ammo.Path) } : null, insecure,
                options.CollectPhoutDir is not null, Wire.Protocol)).ToList();
            var size = Wire.Encode(offers[0]).Length;
            if (nats.ServerInfo?.MaxPayload is { } max && size > max)
            {
                log($"the plan and its files ({size / 1024} KiB as sent) exceed the NATS server's max_payload ({max / 1024} KiB): raise max_payload, or make the files smaller");
                return null;
            }
            var replies = await Task.WhenAll(agents.Zip(offers).Select(p => RequestAsync<OfferReply>(nats, Subjects.Agent(p.First.Id, "offer"), p.Second, cancel)))
                .ConfigureAwait(false);
            var refusals = agents.Zip(replies).Where(p => p.Second is not { Ready: true })
                .Select(p => $"agent {p.First.Name} refused the plan: {p.Second?.Reason ?? "no answer"}").ToList();
            if (refusals.Count > 0)
            {
                foreach (var refusal in refusals)
                    log(refusal);
                await nats.PublishAsync(Subjects.Stop(runId), Wire.Encode(runId), cancellationToken: CancellationToken.None).ConfigureAwait(false);
                return null;
            }
            log($"plan {bundle.FileName} ({bundle.Hash[..12]}) accepted by {agents.Count} agents; run {runId}");
            if (seed is { } s && plan.Load.Arrivals == ArrivalKind.Poisson)
                log($"poisson arrivals with seed {s} (--seed {s} repeats them)");

            foreach (var agent in agents)
                agent.Offset = await MeasureClockAsync(nats, agent, cancel).ConfigureAwait(false);
            log("clock offsets: " + string.Join(", ", agents.Select(a => $"{a.Name} {a.Offset}")));

            var startAt = UnixClock.NowUs() + (long)StartLead.TotalMicroseconds;
            var started = await Task.WhenAll(agents.Select(a => RequestAsync<OfferReply>(nats, Subjects.Agent(a.Id, "start"),
                new StartCommand(startAt + a.Offset!.OffsetUs), cancel))).ConfigureAwait(false);
            if (started.Any(r => r is not { Ready: true }))
            {
                log("an agent did not take the start: " + string.Join(", ", agents.Zip(started).Where(p => p.Second is not { Ready: true }).Select(p => p.First.Name)));
                await nats.PublishAsync(Subjects.Stop(runId), Wire.Encode(runId), cancellationToken: CancellationToken.None).ConfigureAwait(false);
                return null;
            }
            var progress = new RunProgress
            {
                Model = plan.Load.Model,
                PlannedDuration = plan.Load.Model == LoadModel.Open
                    ? (plan.Load.Duration is { } cap && cap < plan.Load.Schedule!.Duration ? cap : plan.Load.Schedule!.Duration)
                    : plan.Load.Duration,
                MaxInFlight = plan.Load.MaxInFlight,
            };
            handedOver = true;
            return new ClusterRun(nats, runId, options, agents, startAt, collector, series, progress, log, beats, beating) { Seed = seed };
        }
        catch (OperationCanceledException)
        {
            log("interrupted before the start");
            return null;
        }
        catch (NatsException e)
        {
            log($"NATS failed before the start: {e.Message}");
            return null;
        }
        finally
        {
            if (!handedOver)
            {
                await beating.CancelAsync().ConfigureAwait(false);
                await beats.ConfigureAwait(false);
                beating.Dispose();
                await nats.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The most a plugin's folder (its <c>*.dll</c> and <c>*.deps.json</c>) may weigh to travel with the plan.</summary>
    public const long MaxPluginFolderBytes = 16 * 1024 * 1024;

    /// <summary>The plan's text, the files it names and its plugins with the files beside them, or null (logged) when one cannot be read.</summary>
    internal static PlanBundle? Bundle(Plan plan, Action<string> log)
    {
        try
        {
            var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            // One map for every file the plan names, so an agent reads its copy wherever the plan put the original.
            var paths = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var path in FilesOf(plan))
            {
                paths[path] = PlanBundle.KeyOf(plan.SourcePath!, path);
                files[paths[path]] = File.ReadAllBytes(path);
            }
            foreach (var plugin in plan.Plugins)
            {
                var beside = PluginFilesOf(plugin);
                var size = beside.Sum(f => new FileInfo(f).Length);
                if (size > MaxPluginFolderBytes)
                {
                    log($"plugin {Path.GetFileName(plugin)} cannot travel to the agents: the *.dll and *.deps.json files of its folder " +
                        $"{Path.GetDirectoryName(plugin)} come to {size / (1024 * 1024)} MiB, more than {MaxPluginFolderBytes / (1024 * 1024)} MiB; " +
                        "put the plugin and what it needs in a folder of their own");
                    return null;
                }
                foreach (var path in beside)
                    files[PlanBundle.KeyOf(plan.SourcePath!, path)] = File.ReadAllBytes(path);
                paths[plugin] = PlanBundle.KeyOf(plan.SourcePath!, plugin);
            }
            return PlanBundle.Create(Path.GetFileName(plan.SourcePath!), File.ReadAllText(plan.SourcePath!), files, paths.Count == 0 ? null : paths);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log($"cannot read the plan's files to send them: {e.Message}");
            return null;
        }
    }

    /// <summary>
    /// What travels with a plugin: the assembly and every <c>*.dll</c> and <c>*.deps.json</c> of its folder (its private
    /// dependencies and what resolves them), as full paths. Subfolders (<c>runtimes/</c>, satellite resources) stay behind.
    /// </summary>
    internal static IReadOnlyList<string> PluginFilesOf(string plugin)
    {
        var folder = Path.GetDirectoryName(plugin)!;
        return [.. Directory.EnumerateFiles(folder, "*.dll").Concat(Directory.EnumerateFiles(folder, "*.deps.json"))
            .Append(plugin).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>The files a plan names (ammo, data, request bodies and uploads), as full paths, each once.</summary>
    internal static IEnumerable<string> FilesOf(Plan plan)
    {
        var requests = plan.Scenario.AllActivities().OfType<RequestActivity>().ToList();
        IEnumerable<string?> all = [
            plan.Ammo?.Path,
            .. plan.Data.Select(d => d.Path),
            .. requests.Select(r => r.File),
            .. requests.SelectMany(r => r.Multipart ?? []).Select(p => p.File),
        ];
        return all.OfType<string>().Distinct(StringComparer.Ordinal);
    }

    private static async Task<List<AgentShare>?> WaitForAgentsAsync(NatsConnection nats, ClusterOptions options, Action<string> log, CancellationToken cancel)
    {
        await using var announces = await nats.SubscribeCoreAsync<byte[]>(Subjects.Announce, cancellationToken: cancel).ConfigureAwait(false);
        var tokenHash = Wire.TokenHash(options.Token);
        var found = new Dictionary<string, AgentAnnounce>(StringComparer.Ordinal);
        var wrongToken = new HashSet<string>(StringComparer.Ordinal);
        var otherRelease = new HashSet<string>(StringComparer.Ordinal);
        log($"waiting up to {options.AgentTimeout.TotalSeconds:0} s for {options.Agents} agents on {options.NatsUrl}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(options.AgentTimeout);
        try
        {
            await foreach (var msg in announces.Msgs.ReadAllAsync(timeout.Token).ConfigureAwait(false))
            {
                if (Wire.Decode<AgentAnnounce>(msg.Data) is not { } announce)
                    continue;
                if (announce.TokenHash != tokenHash)
                {
                    if (wrongToken.Add(announce.Id))
                        log($"agent {announce.Name} has a different token: not used");
                    continue;
                }
                if (Wire.ProtocolMismatch(announce.Protocol, $"agent {announce.Name}") is { } mismatch)
                {
                    if (otherRelease.Add(announce.Id))
                        log($"{mismatch}: not used");
                    continue;
                }
                if (found.TryAdd(announce.Id, announce))
                    log($"agent {announce.Name} joined ({found.Count}/{options.Agents})");
                if (found.Count == options.Agents)
                    break;
            }
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            var names = found.Count == 0 ? "none" : string.Join(", ", found.Values.Select(a => a.Name));
            log($"only {found.Count} of {options.Agents} agents joined within {options.AgentTimeout.TotalSeconds:0} s ({names}); " +
                $"start more with: barrage agent --nats {options.NatsUrl}");
            return null;
        }
        var ordered = found.Values.OrderBy(a => a.Name, StringComparer.Ordinal).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
        return [.. ordered.Select((a, i) => new AgentShare(a.Id, a.Name, new LoadShare(i, ordered.Count)) { Host = a.Host ?? "-" })];
    }

    private static async Task<ClockOffset> MeasureClockAsync(NatsConnection nats, AgentShare agent, CancellationToken cancel)
    {
        var trips = new List<(long, long, long)>();
        for (var i = 0; i < ClockRoundTrips; i++)
        {
            var sent = UnixClock.NowUs();
            var reply = await nats.RequestAsync<byte[], byte[]>(Subjects.Agent(agent.Id, "clock"), [], replyOpts: new NatsSubOpts { Timeout = RequestTimeout },
                cancellationToken: cancel).ConfigureAwait(false);
            var received = UnixClock.NowUs();
            trips.Add((sent, JsonSerializer.Deserialize<long>(reply.Data), received));
        }
        return ClockOffset.From(trips);
    }

    private static async Task<T?> RequestAsync<T>(NatsConnection nats, string subject, object message, CancellationToken cancel)
        where T : class
    {
        try
        {
            var reply = await nats.RequestAsync<byte[], byte[]>(subject, Wire.Encode(message), replyOpts: new NatsSubOpts { Timeout = RequestTimeout },
                cancellationToken: cancel).ConfigureAwait(false);
            return Wire.Decode<T>(reply.Data);
        }
        catch (NatsException)
        {
            return null;
        }
    }

    private static async Task BeatAsync(NatsConnection nats, string runId, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await nats.PublishAsync(Subjects.Beat(runId), Wire.Encode(runId), cancellationToken: stop).ConfigureAwait(false);
                }
                catch (NatsException)
                {
                    // Reconnecting: agents tolerate a few quiet seconds.
                }
                await Task.Delay(TimeSpan.FromSeconds(1), stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
