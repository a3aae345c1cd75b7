using Barrage.Target.Internal;
using Microsoft.AspNetCore.Http;

namespace Barrage.Target.Endpoints;

/// <summary><c>GET /stats</c> serves <see cref="TargetStats"/> as JSON; <c>POST /stats/reset</c> zeroes it (204).</summary>
internal sealed class StatsEndpoints(ServerState state)
{
    public Task Show(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        // written without counting: the stats describe the traffic under test, not the look at them
        var body = Responses.ToJson(state.Stats, static (writer, stats) => stats.WriteJson(writer));
        context.Response.ContentType = Responses.Json;
        context.Response.ContentLength = body.Length;
        return context.Response.BodyWriter.WriteAsync(body, context.RequestAborted).AsTask();
    }

    public Task Reset(HttpContext context)
    {
        state.Stats.Reset();
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }
}
