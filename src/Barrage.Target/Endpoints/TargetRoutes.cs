using Barrage.Target.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Barrage.Target.Endpoints;

/// <summary>Maps every endpoint of the target server. Endpoints answer any method unless noted; unknown paths get 404.</summary>
internal static class TargetRoutes
{
    public static void Map(IEndpointRouteBuilder routes, ServerState state)
    {
        var basic = new BasicEndpoints(state);
        routes.Map("/", basic.Root);
        routes.Map("/bytes/{n}", basic.Bytes);
        routes.Map("/delay/{ms}", basic.Delay);
        routes.Map("/status/{code}", basic.Status);
        routes.Map("/json", basic.Json);
        routes.Map("/chunked/{n}", basic.Chunked);
        routes.Map("/gzip/{n}", basic.Gzip);
        routes.Map("/br/{n}", basic.Brotli);
        routes.Map("/deflate/{n}", basic.Deflate);

        routes.Map("/echo", new EchoEndpoint(state).Handle);

        var cookies = new CookieEndpoints(state);
        routes.Map("/cookies", cookies.Show);
        routes.Map("/cookies/set", cookies.Set);

        var auth = new AuthEndpoints(state);
        routes.Map("/basic-auth/{user}/{pass}", auth.Basic);
        routes.Map("/bearer", auth.Bearer);
        routes.Map("/digest-auth/{user}/{pass}", new DigestAuthEndpoint(state).Handle);

        var orders = new OrderEndpoints(state);
        routes.Map("/login", orders.Login);
        routes.Map("/orders", orders.Create);
        routes.Map("/orders/{id}", orders.Show);

        var page = new PageEndpoints(state);
        routes.Map("/page", page.Page);
        routes.Map("/page/{file}", page.Resource);

        routes.Map("/ws/echo", new WebSocketEndpoint(state).Handle);

        var faults = new FaultEndpoints(state);
        routes.Map("/fault/reset", faults.Reset);
        routes.Map("/fault/close", faults.Close);
        routes.Map("/fault/malformed", faults.Malformed);
        routes.Map("/fault/slow-body", faults.SlowBody);

        routes.Map("/stall", new StallEndpoint(state).Handle).WithMetadata(new ControlEndpoint(Counted: true));

        var stats = new StatsEndpoints(state);
        routes.MapGet("/stats", stats.Show).WithMetadata(new ControlEndpoint(Counted: false));
        routes.MapPost("/stats/reset", stats.Reset).WithMetadata(new ControlEndpoint(Counted: false));
    }
}
