using System.Globalization;
using System.Reflection;
using System.Text;
using Barrage.Metrics.TimeSeries;
using Barrage.Reporting.Export;
using Barrage.Reporting.Summaries;
using Barrage.Reporting.Thresholds;
using Barrage.Thresholds;
using Microsoft.Data.Sqlite;

namespace Barrage.Reporting.Store;

/// <summary>
/// The run store: one SQLite file with every run, its per-second per-tag series (histograms in HdrHistogram's
/// compressed encoding) and its thresholds' verdicts. Not thread-safe: one writer or reader at a time per instance;
/// several processes may share the file (SQLite's locking, WAL journal).
/// </summary>
/// <remarks>Every failure comes out as a <see cref="StoreException"/> naming the file.</remarks>
public sealed class RunStore : IDisposable
{
    private readonly SqliteConnection _connection;

    private RunStore(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
    }

    /// <summary>The store file.</summary>
    public string Path { get; }

    /// <summary>The schema version this build writes.</summary>
    public static int SchemaVersion => StoreMigrations.Latest;

    /// <summary>The version of Barrage recorded with each run.</summary>
    public static string BarrageVersion { get; } =
        typeof(RunStore).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Opens (creating the file and its folder if needed) and migrates the store at <paramref name="path"/>.</summary>
    /// <exception cref="StoreException">The file cannot be created, opened or migrated.</exception>
    public static RunStore Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        SqliteConnection? connection = null;
        try
        {
            if (System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) is { Length: > 0 } folder)
                Directory.CreateDirectory(folder);
            connection = new SqliteConnection(ConnectionString(path));
            connection.Open();
            // synchronous = NORMAL, as SQLite advises with WAL: a commit no longer waits for an fsync of the journal (one per
            // second of a run); a crash of Barrage or of another process sharing the file still loses nothing committed,
            // only a power cut can roll back the last commits, never corrupt the file.
            Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;");
            StoreMigrations.Apply(connection, path);
            return new RunStore(path, connection);
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            connection?.Dispose();
            throw new StoreException($"cannot open the run store {path}: {e.Message}", e);
        }
    }

    /// <summary>Records the start of a run; returns its id.</summary>
    public long BeginRun(RunStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        return Guard(() =>
        {
            using var c = Command("""
                INSERT INTO runs (name, target, plan_text, plan_hash, started_at, started_unix_ms, host, version, users, directory)
                VALUES ($name, $target, $plan, $hash, $started, $started_ms, $host, $version, $users, $directory);
                SELECT last_insert_rowid();
                """);
            c.Parameters.AddWithValue("$name", start.Name);
            c.Parameters.AddWithValue("$target", start.Target);
            c.Parameters.AddWithValue("$plan", start.PlanText);
            c.Parameters.AddWithValue("$hash", PlanHash.Of(start.PlanText));
            c.Parameters.AddWithValue("$started", start.StartedAt.ToString("o", CultureInfo.InvariantCulture));
            c.Parameters.AddWithValue("$started_ms", start.StartedAt.ToUnixTimeMilliseconds());
            c.Parameters.AddWithValue("$host", Environment.MachineName);
            c.Parameters.AddWithValue("$version", BarrageVersion);
            c.Parameters.AddWithValue("$users", start.Users);
            c.Parameters.AddWithValue("$directory", (object?)start.Directory ?? DBNull.Value);
            return (long)c.ExecuteScalar()!;
        });
    }

    /// <summary>Adds sealed slices to a run (late deltas too: readers add up rows of the same second and tag).</summary>
    /// <remarks>Call it inside the flush callback, or pass slices encoded there: a slice's stats are recycled after it.</remarks>
    public void AddSeries(long runId, IEnumerable<SeriesSlice> slices)
    {
        ArgumentNullException.ThrowIfNull(slices);
        AddSeries(runId, slices.Select(EncodedSlice.From).ToList());
    }

    internal void AddSeries(long runId, IReadOnlyList<EncodedSlice> slices) => Guard(() =>
    {
        using var transaction = _connection.BeginTransaction();
        using var c = Command("""
            INSERT INTO series (run_id, second, tag, requests, successes, net_errors, http_errors, bytes_in, bytes_out,
                                status_codes, net_codes, service, response, connect, send, latency, receive)
            VALUES ($run, $second, $tag, $requests, $successes, $net_errors, $http_errors, $bytes_in, $bytes_out,
                    $status, $net, $h0, $h1, $h2, $h3, $h4, $h5)
            """);
        c.Transaction = transaction;
        foreach (var s in slices)
        {
            c.Parameters.Clear();
            c.Parameters.AddWithValue("$run", runId);
            c.Parameters.AddWithValue("$second", s.Second);
            c.Parameters.AddWithValue("$tag", (object?)s.Tag ?? DBNull.Value);
            c.Parameters.AddWithValue("$requests", s.Requests);
            c.Parameters.AddWithValue("$successes", s.Successes);
            c.Parameters.AddWithValue("$net_errors", s.NetErrors);
            c.Parameters.AddWithValue("$http_errors", s.HttpErrors);
            c.Parameters.AddWithValue("$bytes_in", s.BytesIn);
            c.Parameters.AddWithValue("$bytes_out", s.BytesOut);
            c.Parameters.AddWithValue("$status", s.StatusCodes);
            c.Parameters.AddWithValue("$net", s.NetCodes);
            for (var i = 0; i < s.Histograms.Length; i++)
                c.Parameters.AddWithValue($"$h{i}", s.Histograms[i]);
            c.ExecuteNonQuery();
        }
        transaction.Commit();
        return 0;
    });

    /// <summary>Records how a run ended: its figures, exit code, thresholds' verdicts and, for a cluster run, its agents.</summary>
    public void FinishRun(long runId, RunSummary summary, int exitCode, IReadOnlyList<ThresholdOutcome> thresholds)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(thresholds);
        Guard(() =>
        {
            using var transaction = _connection.BeginTransaction();
            using (var c = Command("""
                UPDATE runs SET started_at = $started, started_unix_ms = $started_ms, ended_at = $ended, duration_s = $duration, stop_reason = $reason, exit_code = $exit,
                    requests = $requests, errors = $errors, rps = $rps, p99_us = $p99, check_failures = $checks
                WHERE id = $id
                """))
            {
                c.Transaction = transaction;
                c.Parameters.AddWithValue("$id", runId);
                c.Parameters.AddWithValue("$started", summary.StartedAt.ToString("o", CultureInfo.InvariantCulture));
                c.Parameters.AddWithValue("$started_ms", summary.StartedAt.ToUnixTimeMilliseconds());
                c.Parameters.AddWithValue("$ended", (summary.StartedAt + summary.Duration).ToString("o", CultureInfo.InvariantCulture));
                c.Parameters.AddWithValue("$duration", summary.Duration.TotalSeconds);
                c.Parameters.AddWithValue("$reason", summary.StopReason.ToString().ToLowerInvariant());
                c.Parameters.AddWithValue("$exit", exitCode);
                c.Parameters.AddWithValue("$requests", summary.Requests);
                c.Parameters.AddWithValue("$errors", summary.Errors);
                c.Parameters.AddWithValue("$rps", summary.Rps);
                c.Parameters.AddWithValue("$p99", summary.Latency.P99);
                c.Parameters.AddWithValue("$checks", summary.CheckFailures);
                c.ExecuteNonQuery();
            }
            using (var c = Command("""
                INSERT OR REPLACE INTO thresholds (run_id, position, expression, value, unit, passed, note)
                VALUES ($run, $position, $expression, $value, $unit, $passed, $note)
                """))
            {
                c.Transaction = transaction;
                for (var i = 0; i < thresholds.Count; i++)
                {
                    var t = thresholds[i];
                    c.Parameters.Clear();
                    c.Parameters.AddWithValue("$run", runId);
                    c.Parameters.AddWithValue("$position", i);
                    c.Parameters.AddWithValue("$expression", t.Expression);
                    c.Parameters.AddWithValue("$value", (object?)t.Value ?? DBNull.Value);
                    c.Parameters.AddWithValue("$unit", t.Unit.ToString());
                    c.Parameters.AddWithValue("$passed", t.Passed ? 1 : 0);
                    c.Parameters.AddWithValue("$note", (object?)t.Note ?? DBNull.Value);
                    c.ExecuteNonQuery();
                }
            }
            WriteAgents(transaction, runId, summary.Agents);
            transaction.Commit();
            return 0;
        });
    }

    private void WriteAgents(SqliteTransaction transaction, long runId, IReadOnlyList<AgentSummary> agents)
    {
        using var c = Command("""
            INSERT OR REPLACE INTO run_agents (run_id, position, name, host, share, requests, errors, dropped, clock_offset_us, lost_after_s, error)
            VALUES ($run, $position, $name, $host, $share, $requests, $errors, $dropped, $offset, $lost, $error)
            """);
        c.Transaction = transaction;
        for (var i = 0; i < agents.Count; i++)
        {
            var a = agents[i];
            c.Parameters.Clear();
            c.Parameters.AddWithValue("$run", runId);
            c.Parameters.AddWithValue("$position", i);
            c.Parameters.AddWithValue("$name", a.Name);
            c.Parameters.AddWithValue("$host", a.Host);
            c.Parameters.AddWithValue("$share", a.Share);
            c.Parameters.AddWithValue("$requests", a.Requests);
            c.Parameters.AddWithValue("$errors", a.Errors);
            c.Parameters.AddWithValue("$dropped", a.Dropped);
            c.Parameters.AddWithValue("$offset", (object?)a.ClockOffsetUs ?? DBNull.Value);
            c.Parameters.AddWithValue("$lost", (object?)a.LostAfterSeconds ?? DBNull.Value);
            c.Parameters.AddWithValue("$error", (object?)a.Error ?? DBNull.Value);
            c.ExecuteNonQuery();
        }
    }

    /// <summary>Runs, newest first; only those named <paramref name="name"/> when given. Without their agents (see <see cref="Get"/>).</summary>
    public IReadOnlyList<StoredRun> List(string? name = null, int limit = 20) => Guard(() =>
    {
        using var c = Command($"""
            SELECT {RunColumns} FROM runs WHERE ($name IS NULL OR name = $name)
            ORDER BY started_unix_ms DESC, id DESC LIMIT $limit
            """);
        c.Parameters.AddWithValue("$name", (object?)name ?? DBNull.Value);
        c.Parameters.AddWithValue("$limit", limit);
        var runs = new List<StoredRun>();
        using (var r = c.ExecuteReader())
        {
            while (r.Read())
                runs.Add(ReadRun(r));
        }
        return runs.Select(run => run with { Thresholds = ReadThresholds(run.Id) }).ToList();
    });

    /// <summary>One run by id with its thresholds and, for a cluster run, its agents; or null.</summary>
    public StoredRun? Get(long id) => Guard(() =>
    {
        using var c = Command($"SELECT {RunColumns} FROM runs WHERE id = $id");
        c.Parameters.AddWithValue("$id", id);
        StoredRun? run;
        using (var r = c.ExecuteReader())
            run = r.Read() ? ReadRun(r) : null;
        return run is null ? null : run with { Thresholds = ReadThresholds(id), Agents = ReadAgents(id) };
    });

    /// <summary>Deletes a run with its series, gauges and thresholds; false when there is no such run.</summary>
    public bool Delete(long runId) => Guard(() =>
    {
        // The other tables reference runs ON DELETE CASCADE (foreign keys are on for every connection).
        using var c = Command("DELETE FROM runs WHERE id = $id");
        c.Parameters.AddWithValue("$id", runId);
        return c.ExecuteNonQuery() > 0;
    });

    /// <summary>Adds gauge samples to a run (one per second; a second sampled twice keeps the later).</summary>
    public void AddGauges(long runId, IReadOnlyList<GaugeSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        Guard(() =>
        {
            using var transaction = _connection.BeginTransaction();
            using var c = Command("""
                INSERT OR REPLACE INTO gauges (run_id, second, users, in_flight, planned_rps)
                VALUES ($run, $second, $users, $in_flight, $planned)
                """);
            c.Transaction = transaction;
            foreach (var g in samples)
            {
                c.Parameters.Clear();
                c.Parameters.AddWithValue("$run", runId);
                c.Parameters.AddWithValue("$second", g.Second);
                c.Parameters.AddWithValue("$users", g.Gauges.Users);
                c.Parameters.AddWithValue("$in_flight", g.Gauges.InFlight);
                c.Parameters.AddWithValue("$planned", (object?)g.Gauges.PlannedRps ?? DBNull.Value);
                c.ExecuteNonQuery();
            }
            transaction.Commit();
            return 0;
        });
    }

    /// <summary>A run's gauge samples in order of seconds.</summary>
    public IReadOnlyList<GaugeSample> ReadGauges(long runId) => Guard(() =>
    {
        using var c = Command("SELECT second, users, in_flight, planned_rps FROM gauges WHERE run_id = $run ORDER BY second");
        c.Parameters.AddWithValue("$run", runId);
        using var r = c.ExecuteReader();
        var list = new List<GaugeSample>();
        while (r.Read())
            list.Add(new GaugeSample(r.GetInt64(0), new RunGauges(r.GetInt32(1), r.GetInt32(2), r.IsDBNull(3) ? null : r.GetDouble(3))));
        return list;
    });

    /// <summary>The id of the newest run, or null when the store is empty.</summary>
    public long? LatestId() => Guard(() =>
    {
        using var c = Command("SELECT id FROM runs ORDER BY started_unix_ms DESC, id DESC LIMIT 1");
        return c.ExecuteScalar() is long id ? id : (long?)null;
    });

    /// <summary>Reads a run's series in order of seconds, one slice per stored row (late deltas as separate rows).</summary>
    public void ReadSeries(long runId, Action<SeriesSlice> slice)
    {
        ArgumentNullException.ThrowIfNull(slice);
        Guard(() =>
        {
            using var c = Command("""
                SELECT second, tag, requests, successes, net_errors, http_errors, bytes_in, bytes_out, status_codes, net_codes,
                       service, response, connect, send, latency, receive
                FROM series WHERE run_id = $run ORDER BY second, rowid
                """);
            c.Parameters.AddWithValue("$run", runId);
            using var r = c.ExecuteReader();
            var stats = new SeriesStats();
            while (r.Read())
            {
                var histograms = new byte[SeriesStats.HistogramCount][];
                for (var i = 0; i < histograms.Length; i++)
                    histograms[i] = (byte[])r.GetValue(10 + i);
                var encoded = new EncodedSlice(r.GetInt64(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt64(2), r.GetInt64(3),
                    r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7), r.GetString(8), r.GetString(9), histograms);
                stats.Reset();
                encoded.AddTo(stats);
                slice(new SeriesSlice(encoded.Second, encoded.Tag, stats, IsLate: false));
            }
            return 0;
        });
    }

    /// <summary>A run's totals, overall and per tag, added up from its series (exact).</summary>
    public SeriesTotals ReadTotals(long runId)
    {
        var totals = new SeriesTotals();
        ReadSeries(runId, totals.Add);
        return totals;
    }

    public void Dispose() => _connection.Dispose();

    private const string RunColumns =
        "id, name, target, plan_text, plan_hash, started_at, ended_at, duration_s, stop_reason, exit_code, host, version, users, requests, errors, rps, p99_us, directory";

    private static StoredRun ReadRun(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Name = r.GetString(1),
        Target = r.GetString(2),
        PlanText = r.GetString(3),
        PlanHash = r.GetString(4),
        StartedAt = DateTimeOffset.Parse(r.GetString(5), CultureInfo.InvariantCulture),
        EndedAt = r.IsDBNull(6) ? null : DateTimeOffset.Parse(r.GetString(6), CultureInfo.InvariantCulture),
        Duration = TimeSpan.FromSeconds(r.GetDouble(7)),
        StopReason = r.GetString(8),
        ExitCode = r.IsDBNull(9) ? null : r.GetInt32(9),
        Host = r.GetString(10),
        Version = r.GetString(11),
        Users = r.GetInt32(12),
        Requests = r.GetInt64(13),
        Errors = r.GetInt64(14),
        Rps = r.GetDouble(15),
        P99Us = r.GetInt64(16),
        Directory = r.IsDBNull(17) ? null : r.GetString(17),
    };

    private List<ThresholdOutcome> ReadThresholds(long runId)
    {
        using var c = Command("SELECT expression, value, unit, passed, note FROM thresholds WHERE run_id = $run ORDER BY position");
        c.Parameters.AddWithValue("$run", runId);
        using var r = c.ExecuteReader();
        var list = new List<ThresholdOutcome>();
        while (r.Read())
        {
            list.Add(new ThresholdOutcome(r.GetString(0), r.IsDBNull(1) ? null : r.GetDouble(1),
                Enum.TryParse<ThresholdUnit>(r.GetString(2), out var unit) ? unit : ThresholdUnit.None,
                r.GetInt64(3) != 0, r.IsDBNull(4) ? null : r.GetString(4)));
        }
        return list;
    }

    private List<AgentSummary> ReadAgents(long runId)
    {
        using var c = Command("""
            SELECT name, host, share, requests, errors, dropped, clock_offset_us, lost_after_s, error
            FROM run_agents WHERE run_id = $run ORDER BY position
            """);
        c.Parameters.AddWithValue("$run", runId);
        using var r = c.ExecuteReader();
        var list = new List<AgentSummary>();
        while (r.Read())
        {
            list.Add(new AgentSummary(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5),
                r.IsDBNull(6) ? null : r.GetInt64(6), r.IsDBNull(7) ? null : r.GetDouble(7), r.IsDBNull(8) ? null : r.GetString(8)));
        }
        return list;
    }

    private SqliteCommand Command(string sql)
    {
        var c = _connection.CreateCommand();
        c.CommandText = sql;
        return c;
    }

    private T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or InvalidCastException or FormatException)
        {
            throw new StoreException($"run store {Path}: {e.Message}", e);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var c = connection.CreateCommand();
        c.CommandText = sql;
        c.ExecuteNonQuery();
    }

    /// <summary>The connection string for the store at <paramref name="path"/>.</summary>
    /// <remarks>
    /// Written out rather than with SqliteConnectionStringBuilder, whose ToString decides on quoting with a regular
    /// expression (~8 ms of CPU at every start). The path is always double-quoted, a quote in it doubled: the
    /// connection string grammar SQLite's parser reads back.
    /// </remarks>
    internal static string ConnectionString(string path) =>
        $"Data Source=\"{path.Replace("\"", "\"\"", StringComparison.Ordinal)}\";Mode=ReadWriteCreate;Pooling=False;Default Timeout=30";
}
