using System.Globalization;
using Barrage.Reporting.Compare;
using Barrage.Reporting.Reports;
using Barrage.Reporting.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barrage.Web.Api;

/// <summary>The history, one run's data and files, deleting, and comparing runs: all read from the run store.</summary>
internal static class RunsApi
{
    /// <summary>The relative tolerance above which a worse figure is marked a regression.</summary>
    private const double Tolerance = 0.1;

    private const int MaxCompared = 6;

    public static void Map(IEndpointRouteBuilder app, DashboardContext ctx)
    {
        app.MapGet("/api/runs", (string? name, DateTimeOffset? from, DateTimeOffset? to, int? limit) => Store(ctx, store =>
        {
            var runs = store.List(limit: 10_000)
                .Where(r => name is null || r.Name.Contains(name, StringComparison.OrdinalIgnoreCase))
                .Where(r => from is null || r.StartedAt >= from)
                .Where(r => to is null || r.StartedAt <= to)
                .Take(Math.Clamp(limit ?? 200, 1, 10_000))
                .Select(r => new
                {
                    r.Id, r.Name, r.Target, r.StartedAt, DurationS = r.Duration.TotalSeconds, r.Rps, r.P99Us, r.Requests, r.Errors,
                    r.Verdict, r.StopReason, r.ExitCode, Running = ctx.Runs.IsRunning(r.Id),
                });
            return Results.Ok(runs.ToList());
        }));

        app.MapGet("/api/runs/{id:long}", (long id) => Store(ctx, store => ReportBuilder.FromStore(store, id) is { } report
            ? Results.Text(ReportJson.Write(report), "application/json")
            : NoRun(id)));

        app.MapGet("/api/runs/{id:long}/report.html", (long id) => Store(ctx, store => ReportBuilder.FromStore(store, id) is { } report
            ? Results.Text(ReportHtml.Write(report), "text/html; charset=utf-8")
            : NoRun(id)));

        app.MapGet("/api/runs/{id:long}/report.csv", (long id) => Store(ctx, store => ReportBuilder.FromStore(store, id) is { } report
            ? Results.File(System.Text.Encoding.UTF8.GetBytes(ReportCsv.Write(report)), "text/csv", $"run-{id}.csv")
            : NoRun(id)));

        app.MapGet("/api/runs/{id:long}/phout.log", (long id) => Store(ctx, store =>
        {
            // The run directory: the dashboard's own runs know it live; the store records it for every run that wrote files.
            var file = (ctx.Runs.DirectoryOf(id) ?? store.Get(id)?.Directory) is { } dir ? Path.Combine(dir, "phout.log") : null;
            return file is not null && File.Exists(file)
                ? Results.File(file, "text/plain", $"run-{id}-phout.log")
                : Results.NotFound(new { error = $"run #{id} wrote no phout.log (run it with --out DIR or outputs: [phout])" });
        }));

        app.MapPost("/api/runs/{id:long}/delete", (long id) =>
        {
            if (ctx.Runs.IsRunning(id))
                return Results.Conflict(new { error = $"run #{id} is still running: stop it first" });
            return Store(ctx, store => store.Delete(id) ? Results.Ok(new { deleted = id }) : NoRun(id));
        });

        app.MapGet("/api/compare", (string? ids) =>
        {
            var list = (ids ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToList();
            if (list.Count < 2 || list.Count > MaxCompared || list.Any(n => n < 0))
                return Results.BadRequest(new { error = $"compare needs 2 to {MaxCompared} run ids: ?ids=1,2" });
            return Store(ctx, store => Compare(store, list));
        });
    }

    private static IResult Compare(RunStore store, List<long> ids)
    {
        var runs = new List<(StoredRun Run, Barrage.Metrics.TimeSeries.SeriesTotals Totals, RunReport Report)>();
        foreach (var id in ids)
        {
            if (store.Get(id) is not { } run || ReportBuilder.FromStore(store, id) is not { } report)
                return NoRun(id);
            runs.Add((run, store.ReadTotals(id), report));
        }
        var baseline = runs[0];
        var rows = runs.Skip(1).SelectMany(c => RunComparison.Compare(baseline.Totals, Duration(baseline.Run), c.Totals, Duration(c.Run), Tolerance)
            .Select(r => new
            {
                Baseline = baseline.Run.Id, Candidate = c.Run.Id, r.Scope, r.Metric, BaselineValue = r.Baseline, CandidateValue = r.Candidate,
                r.Change, r.IsRegression, r.IsTime, r.HigherIsBetter,
            })).ToList();
        return Results.Ok(new
        {
            Runs = runs.Select(r => new
            {
                r.Run.Id, r.Run.Name, r.Run.StartedAt, DurationS = r.Run.Duration.TotalSeconds, r.Run.Verdict,
                Seconds = r.Report.Seconds.Where(s => s.Tag is null).Select(s => new
                {
                    s.Second, s.Requests, Errors = s.NetErrors + s.HttpErrors, s.ServiceP50Us, s.ServiceP90Us, s.ServiceP99Us, s.ServiceMaxUs, s.ResponseP99Us,
                }),
            }),
            Tolerance,
            // Each run whose plan is not the baseline's: its figures compare a different load.
            PlanDifferences = runs.Skip(1).Select(c => RunComparison.PlanDifference(baseline.Run, c.Run)).OfType<string>(),
            Rows = rows,
        });
    }

    private static TimeSpan Duration(StoredRun run) => run.Duration > TimeSpan.Zero ? run.Duration : TimeSpan.FromSeconds(1);

    private static IResult NoRun(long id) => Results.NotFound(new { error = $"no run #{id} in the store" });

    /// <summary>Runs <paramref name="action"/> on a store opened for this request; a store failure is a 500 with its message, not a trace.</summary>
    internal static IResult Store(DashboardContext ctx, Func<RunStore, IResult> action)
    {
        try
        {
            using var store = ctx.OpenStore();
            return action(store);
        }
        catch (StoreException e)
        {
            return Results.Problem(e.Message, statusCode: StatusCodes.Status500InternalServerError);
        }
    }
}
