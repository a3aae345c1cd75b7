using Microsoft.Data.Sqlite;

namespace Barrage.Reporting.Store;

/// <summary>
/// The store's schema as a list of migrations; <c>schema_version</c> holds how many were applied. A new version
/// of Barrage appends a migration, never edits one, so any older store upgrades in place.
/// </summary>
internal static class StoreMigrations
{
    private static readonly string[] Steps =
    [
        // 1: runs, their per-second per-tag series (tag NULL = all tags) and thresholds.
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            target TEXT NOT NULL,
            plan_text TEXT NOT NULL,
            plan_hash TEXT NOT NULL,
            started_at TEXT NOT NULL,
            started_unix_ms INTEGER NOT NULL,
            ended_at TEXT,
            duration_s REAL NOT NULL DEFAULT 0,
            stop_reason TEXT NOT NULL DEFAULT '',
            exit_code INTEGER,
            host TEXT NOT NULL,
            version TEXT NOT NULL,
            users INTEGER NOT NULL DEFAULT 0,
            requests INTEGER NOT NULL DEFAULT 0,
            errors INTEGER NOT NULL DEFAULT 0,
            rps REAL NOT NULL DEFAULT 0,
            p99_us INTEGER NOT NULL DEFAULT 0,
            check_failures INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX runs_by_name ON runs (name, started_unix_ms);
        CREATE TABLE series (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            second INTEGER NOT NULL,
            tag TEXT,
            requests INTEGER NOT NULL,
            successes INTEGER NOT NULL,
            net_errors INTEGER NOT NULL,
            http_errors INTEGER NOT NULL,
            bytes_in INTEGER NOT NULL,
            bytes_out INTEGER NOT NULL,
            status_codes TEXT NOT NULL,
            net_codes TEXT NOT NULL,
            service BLOB NOT NULL,
            response BLOB NOT NULL,
            connect BLOB NOT NULL,
            send BLOB NOT NULL,
            latency BLOB NOT NULL,
            receive BLOB NOT NULL
        );
        CREATE INDEX series_by_run ON series (run_id, second);
        CREATE TABLE thresholds (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            expression TEXT NOT NULL,
            value REAL,
            unit TEXT NOT NULL,
            passed INTEGER NOT NULL,
            note TEXT,
            PRIMARY KEY (run_id, position)
        );
        """,
        // 2: gauges sampled once a second (users, requests in flight, the planned rate), for reports of any past run.
        """
        CREATE TABLE gauges (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            second INTEGER NOT NULL,
            users INTEGER NOT NULL,
            in_flight INTEGER NOT NULL,
            planned_rps REAL,
            PRIMARY KEY (run_id, second)
        );
        """,
        // 3: where the run's files went (phout.log, summary.json, reports), so any run's files can be found again.
        """
        ALTER TABLE runs ADD COLUMN directory TEXT;
        """,
        // 4: a cluster run's agents: who ran which share, what each did, its clock offset and when it was lost.
        """
        CREATE TABLE run_agents (
            run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            host TEXT NOT NULL,
            share TEXT NOT NULL,
            requests INTEGER NOT NULL,
            errors INTEGER NOT NULL,
            dropped INTEGER NOT NULL,
            clock_offset_us INTEGER,
            lost_after_s REAL,
            error TEXT,
            PRIMARY KEY (run_id, position)
        );
        """,
        // 5: plan hashes are XxHash128 (see PlanHash), no longer SHA-256: old runs are rehashed from their plan text.
        $"""
        UPDATE runs SET plan_hash = {PlanHash.SqlFunction}(plan_text);
        """,
    ];

    /// <summary>The schema version this build writes.</summary>
    public static int Latest => Steps.Length;

    /// <summary>Brings the store up to <see cref="Latest"/>; refuses a store written by a newer Barrage.</summary>
    public static void Apply(SqliteConnection connection, string path)
    {
        Execute(connection, null, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        using var transaction = connection.BeginTransaction();
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT MAX(version) FROM schema_version";
        var current = read.ExecuteScalar() is long v ? (int)v : 0;
        if (current > Latest)
            throw new StoreException($"{path} was written by a newer Barrage (schema {current}; this one knows up to {Latest})");
        if (current < Latest)
            connection.CreateFunction(PlanHash.SqlFunction, (string text) => PlanHash.Of(text), isDeterministic: true);
        for (var step = current; step < Latest; step++)
            Execute(connection, transaction, Steps[step]);
        if (current < Latest)
        {
            Execute(connection, transaction, "DELETE FROM schema_version");
            Execute(connection, transaction, $"INSERT INTO schema_version (version) VALUES ({Latest})");
        }
        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
