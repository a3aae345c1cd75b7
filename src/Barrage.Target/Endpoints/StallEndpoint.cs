using System.Text.Json;
using Barrage.Target.Internal;
using Microsoft.AspNetCore.Http;

namespace Barrage.Target.Endpoints;

/// <summary>
/// <c>/stall?every=10s&amp;for=1s</c> sets the server-wide <see cref="StallSchedule"/> (restarting its period now),
/// <c>/stall?off</c> clears it, <c>/stall</c> alone shows it. Durations take <c>ms</c>, <c>s</c>, <c>m</c> or <c>h</c>.
/// Answers <c>{"stall":null}</c> or <c>{"stall":{"every_ms":..,"for_ms":..,"next_window_in_ms":..}}</c>.
/// </summary>
internal sealed class StallEndpoint(ServerState state)
{
    public async Task Handle(HttpContext context)
    {
        var query = context.Request.Query;
        if (query.ContainsKey("off"))
        {
            state.Stall.Set(null);
        }
        else if (query.ContainsKey("every") || query.ContainsKey("for"))
        {
            if (!Durations.TryParse(query["every"].ToString(), out var every) || !Durations.TryParse(query["for"].ToString(), out var window))
            {
                await Responses.TextAsync(context, state.Stats, 400, "every and for must both be durations such as 10s, 1500ms or 1m");
                return;
            }
            var schedule = new StallSchedule(every, window);
            if (schedule.Validate() is string error)
            {
                await Responses.TextAsync(context, state.Stats, 400, error);
                return;
            }
            state.Stall.Set(schedule);
        }
        await Responses.JsonAsync(context, state.Stats, 200, state.Stall, Write);
    }

    private static void Write(Utf8JsonWriter writer, StallGate gate)
    {
        var schedule = gate.Schedule;
        var untilNext = gate.UntilNextWindow();
        writer.WriteStartObject();
        if (schedule is null || untilNext is null)
        {
            writer.WriteNull("stall");
        }
        else
        {
            writer.WriteStartObject("stall");
            writer.WriteNumber("every_ms", (long)schedule.Every.TotalMilliseconds);
            writer.WriteNumber("for_ms", (long)schedule.For.TotalMilliseconds);
            writer.WriteNumber("next_window_in_ms", (long)untilNext.Value.TotalMilliseconds);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }
}
