using System.Globalization;
using System.Text;
using Barrage.Load;
using Barrage.Plans;
using Barrage.Web.Live;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barrage.Web.Api;

/// <summary>Live runs (state, the event stream, missed frames, Stop) and the Start page (plans, start).</summary>
internal static class LiveApi
{
    public static void Map(IEndpointRouteBuilder app, DashboardContext ctx)
    {
        app.MapGet("/api/info", () => Results.Ok(new
        {
            CanStart = ctx.Runs.CanStart && ctx.Plans.IsEnabled,
            Live = ctx.Runs.Latest,
            Store = ctx.Options.StorePath,
        }));

        app.MapGet("/api/live/{n:int}", (int n) => ctx.Runs.Get(n) is { } run ? Results.Ok(run.State()) : NoLive(n));

        app.MapGet("/api/live/{n:int}/frames", (int n, int? from) => ctx.Runs.Get(n) is { } run
            ? Results.Text("[" + string.Join(',', run.Frames(from ?? 0)) + "]", "application/json")
            : NoLive(n));

        app.MapPost("/api/live/{n:int}/stop", (int n) =>
        {
            if (ctx.Runs.Get(n) is not { } run)
                return NoLive(n);
            run.Stop();
            return Results.Accepted(value: run.State());
        });

        app.MapGet("/api/live/{n:int}/events", async (int n, HttpContext http) =>
        {
            if (ctx.Runs.Get(n) is not { } run)
            {
                await NoLive(n).ExecuteAsync(http);
                return;
            }
            await StreamAsync(run, http);
        });

        app.MapGet("/api/plans", () => Results.Ok(new { Enabled = ctx.Plans.IsEnabled, Plans = ctx.Plans.List().Keys }));

        app.MapPost("/api/start", (StartRequest request) =>
        {
            if (!ctx.Plans.IsEnabled)
                return Results.BadRequest(new { error = "no plans folder: start the dashboard with --plans DIR" });
            if (ctx.Plans.Resolve(request.Plan) is not { } path)
                return Results.NotFound(new { error = $"no plan '{request.Plan}' in the plans folder" });
            if (Load(path, request, out var errors) is not { } plan)
                return Results.BadRequest(new { error = "the plan is not valid", errors });
            var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture);
            var outDir = Path.Combine(ctx.RunsDirectory, $"{stamp}-{SafeName(plan.Name)}");
            if (ctx.Runs.TryStart(plan, outDir, out var error) is not { } started)
                return Results.Conflict(new { error });
            return Results.Ok(new { Live = started.Number, started.Run.Name });
        });
    }

    /// <summary>
    /// Server-sent events: <c>init</c> (state and every frame so far), then <c>frame</c> each second and <c>state</c>
    /// on changes, until the run ends or the browser leaves. Only this loop waits for the browser; the run never does.
    /// </summary>
    private static async Task StreamAsync(LiveRun run, HttpContext http)
    {
        http.Response.Headers.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        using var subscription = run.Subscribe();
        var cancel = http.RequestAborted;
        try
        {
            await foreach (var message in subscription.Channel.Reader.ReadAllAsync(cancel))
            {
                await http.Response.WriteAsync($"event: {message.Event}\ndata: {message.Data}\n\n", Encoding.UTF8, cancel);
                await http.Response.Body.FlushAsync(cancel);
            }
        }
        catch (OperationCanceledException)
        {
            // The browser left.
        }
    }

    private static Plan? Load(string path, StartRequest request, out List<string> errors)
    {
        errors = [];
        try
        {
            TimeSpan? duration = null;
            if (!string.IsNullOrWhiteSpace(request.Duration))
            {
                if (!Durations.TryParse(request.Duration, out var d, out var durationError))
                {
                    errors.Add($"duration: {durationError}");
                    return null;
                }
                duration = d;
            }
            var plan = PlanLoader.ApplyOverrides(PlanLoader.LoadFile(path), new PlanOverrides { Users = request.Users, Duration = duration });
            if (!string.IsNullOrWhiteSpace(request.Schedule))
            {
                if (plan.Load.Model != LoadModel.Open)
                {
                    errors.Add("schedule: only a plan with a rate schedule (open model) takes one");
                    return null;
                }
                if (!RateSchedule.TryParse(request.Schedule, out var schedule, out var scheduleError))
                {
                    errors.Add($"schedule: {scheduleError}");
                    return null;
                }
                plan = plan with { Load = plan.Load with { Schedule = schedule } };
            }
            return plan;
        }
        catch (PlanException e)
        {
            errors.AddRange(e.Errors.Select(x => x.ToString()));
            return null;
        }
    }

    private static string SafeName(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-'));

    private static IResult NoLive(int n) => Results.NotFound(new { error = $"no live run {n}" });
}
