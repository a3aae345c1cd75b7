using Barrage.Cluster.Protocol;
using NATS.Client.Core;

namespace Barrage.Cluster;

/// <summary>
/// <c>barrage agent</c>: joins a NATS server, announces itself once a second while idle, and runs the share
/// of a test a coordinator offers it, one run at a time, until stopped.
/// </summary>
public sealed class ClusterAgent
{
    private readonly AgentOptions _options;
    private readonly Action<string> _log;
    private readonly string _id;
    private readonly string _tokenHash;
    private volatile AgentSession? _session;
    private Task _sessionTask = Task.CompletedTask;

    /// <param name="options">Where to join and as whom.</param>
    /// <param name="log">Where the agent says what it does.</param>
    public ClusterAgent(AgentOptions options, Action<string> log)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _log = log ?? throw new ArgumentNullException(nameof(log));
        var safe = string.Concat(options.Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-'));
        // The id names NATS subjects: letters, digits, '-' and '_' only, unique by a random suffix.
        _id = $"{safe}-{Guid.NewGuid():N}"[..(safe.Length + 13)];
        _tokenHash = Wire.TokenHash(options.Token);
    }

    /// <summary>How phout files are shipped to a coordinator that collects them (tests shrink chunks and times).</summary>
    internal PhoutShipping Shipping { get; init; } = PhoutShipping.Default;

    /// <summary>Raised once the agent is connected and listening (tests wait for it).</summary>
    public event Action? Ready;

    /// <summary>Serves until <paramref name="stop"/>; a run in progress is stopped with it. Null on a clean stop, else why it could not serve.</summary>
    public async Task<string?> RunAsync(CancellationToken stop)
    {
        var (nats, error) = await NatsConnect.TryAsync(_options.NatsUrl, $"barrage-agent {_options.Name}", stop).ConfigureAwait(false);
        if (nats is null)
            return error;
        await using (nats.ConfigureAwait(false))
        {
            await using var commands = await nats.SubscribeCoreAsync<byte[]>(Subjects.AgentAll(_id), cancellationToken: stop).ConfigureAwait(false);
            _log($"agent {_options.Name} waiting for work on {_options.NatsUrl}");
            var announcing = AnnounceAsync(nats, stop);
            Ready?.Invoke();
            try
            {
                await foreach (var msg in commands.Msgs.ReadAllAsync(stop).ConfigureAwait(false))
                    await HandleAsync(nats, msg, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            await announcing.ConfigureAwait(false);
            await _sessionTask.ConfigureAwait(false);
        }
        DeleteQuietly(Path.Combine(Path.GetTempPath(), "barrage-agent", _id));
        return null;
    }

    private async Task HandleAsync(NatsConnection nats, NatsMsg<byte[]> msg, CancellationToken stop)
    {
        var command = msg.Subject[(msg.Subject.LastIndexOf('.') + 1)..];
        try
        {
            switch (command)
            {
                case "offer":
                    await msg.ReplyAsync(Wire.Encode(Offer(nats, Wire.Decode<RunOffer>(msg.Data), stop)), cancellationToken: stop).ConfigureAwait(false);
                    break;
                case "clock":
                    await msg.ReplyAsync(Wire.Encode(UnixClock.NowUs()), cancellationToken: stop).ConfigureAwait(false);
                    break;
                case "start":
                    var session = _session;
                    var start = Wire.Decode<StartCommand>(msg.Data);
                    var ok = session is not null && start is not null;
                    if (ok)
                        session!.Start(start!.StartAtUnixUs);
                    await msg.ReplyAsync(Wire.Encode(new OfferReply(ok, ok ? null : "no run prepared")), cancellationToken: stop).ConfigureAwait(false);
                    break;
            }
        }
        catch (NatsException e)
        {
            _log($"could not answer {command}: {e.Message}");
        }
    }

    private OfferReply Offer(NatsConnection nats, RunOffer? offer, CancellationToken stop)
    {
        if (offer is null)
            return new OfferReply(false, "the offer could not be read (a different Barrage version?)");
        if (!_sessionTask.IsCompleted)
            return new OfferReply(false, $"busy with run {_session?.RunId}");
        var workDir = Path.Combine(Path.GetTempPath(), "barrage-agent", _id, offer.RunId);
        var phoutPath = _options.OutDir is { } outDir ? Path.Combine(outDir, $"{offer.RunId}-{_options.Name}", "phout.log")
            : offer.CollectPhout ? Path.Combine(workDir, "phout.log") : null;
        var session = AgentSession.Prepare(offer, _tokenHash, workDir, phoutPath, out var refusal);
        if (session is null)
        {
            _log($"refused run {offer.RunId}: {refusal}");
            return new OfferReply(false, refusal);
        }
        _log($"run {offer.RunId}: plan {offer.Bundle.FileName} ({offer.Bundle.Hash[..12]}), share {offer.Index + 1}/{offer.Count}");
        session.Shipping = Shipping;
        _session = session;
        _sessionTask = RunSessionAsync(nats, session, workDir, stop);
        return new OfferReply(true, null);
    }

    private async Task RunSessionAsync(NatsConnection nats, AgentSession session, string workDir, CancellationToken stop)
    {
        try
        {
            await session.LifecycleAsync(nats, _log, stop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NatsException or OperationCanceledException)
        {
            _log($"run {session.RunId}: {e.Message}");
        }
        finally
        {
            _session = null;
            KeepUnshipped(session, workDir);
            DeleteQuietly(workDir);
        }
    }

    /// <summary>
    /// Moves a phout file the coordinator did not get whole out of the run's work directory before it is deleted:
    /// results already measured are never thrown away.
    /// </summary>
    private void KeepUnshipped(AgentSession session, string workDir)
    {
        if (!session.PhoutUnshipped || session.PhoutPath is not { } path || !path.StartsWith(workDir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            return;
        var kept = Path.Combine(Path.GetTempPath(), "barrage-agent", "unshipped", $"{session.RunId}-{_id}-phout.log");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
            File.Move(path, kept, overwrite: true);
            _log($"run {session.RunId}: its phout stays in {kept}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log($"run {session.RunId}: could not keep its phout ({e.Message})");
        }
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private async Task AnnounceAsync(NatsConnection nats, CancellationToken stop)
    {
        var announce = Wire.Encode(new AgentAnnounce(_id, _options.Name, _tokenHash, Environment.MachineName, Wire.Protocol));
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (_sessionTask.IsCompleted)
                {
                    try
                    {
                        await nats.PublishAsync(Subjects.Announce, announce, cancellationToken: stop).ConfigureAwait(false);
                    }
                    catch (NatsException)
                    {
                        // Disconnected for now: the client reconnects and the next announce goes out.
                    }
                }
                await Task.Delay(TimeSpan.FromSeconds(1), stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
