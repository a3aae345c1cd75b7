using System.Net;
using System.Text;
using Barrage.Reporting.Security;
using Microsoft.AspNetCore.Http;

namespace Barrage.Web.Security;

/// <summary>
/// The dashboard's door: with a token, every request carries it (a <c>Authorization: Bearer</c> or
/// <c>X-Barrage-Token</c> header, or the cookie a <c>?token=</c> link sets); without one, only a loopback Host is
/// served (a page of another site that rebinds its name to 127.0.0.1 gets nothing). Every POST must come from the
/// dashboard's own pages: the <c>X-Barrage-Request</c> header (which a cross-site form cannot send and a cross-site
/// script cannot send without a preflight nobody answers) and, where the browser tells, a same-origin Origin and Sec-Fetch-Site.
/// </summary>
internal sealed class RequestGuard
{
    /// <summary>The cookie a <c>?token=</c> link sets.</summary>
    public const string CookieName = "barrage_token";

    /// <summary>The header each POST must carry.</summary>
    public const string RequestHeader = "X-Barrage-Request";

    private readonly byte[]? _token;
    private readonly bool _loopbackOnly;

    public RequestGuard(string? token, bool loopbackOnly)
    {
        _token = token is null ? null : Encoding.UTF8.GetBytes(token);
        _loopbackOnly = loopbackOnly;
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (_token is null && _loopbackOnly && !IsLoopbackHost(request.Host))
        {
            await Refuse(context, StatusCodes.Status421MisdirectedRequest, "this dashboard answers only to 127.0.0.1, [::1] or localhost");
            return;
        }
        if (_token is not null)
        {
            if (request.Query.TryGetValue("token", out var fromLink) && HttpMethods.IsGet(request.Method))
            {
                if (!Matches(fromLink.ToString()))
                {
                    await Refuse(context, StatusCodes.Status401Unauthorized, "wrong token");
                    return;
                }
                // The link's token becomes a cookie and leaves the address bar (and the browser's history).
                context.Response.Cookies.Append(CookieName, fromLink.ToString(), new CookieOptions
                {
                    HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true, Secure = request.IsHttps,
                });
                context.Response.Redirect(request.PathBase + request.Path);
                return;
            }
            if (!Matches(Presented(request)))
            {
                await Refuse(context, StatusCodes.Status401Unauthorized,
                    "this dashboard needs its token: open the link `barrage ui` printed (…?token=…) or send Authorization: Bearer TOKEN");
                return;
            }
        }
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && CrossSite(request) is { } why)
        {
            await Refuse(context, StatusCodes.Status403Forbidden, why);
            return;
        }
        await next(context);
    }

    /// <summary>Why a state-changing request does not look like the dashboard's own, or null when it does.</summary>
    internal static string? CrossSite(HttpRequest request)
    {
        if (!request.Headers.ContainsKey(RequestHeader))
            return $"a POST needs the {RequestHeader} header (the dashboard's pages send it)";
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
            return $"cross-site request refused (Sec-Fetch-Site: {site})";
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase))
            return $"cross-origin request refused (Origin: {origin})";
        return null;
    }

    private static string? Presented(HttpRequest request)
    {
        if (AccessTokens.FromBearer(request.Headers.Authorization.ToString()) is { } bearer)
            return bearer;
        if (request.Headers.TryGetValue("X-Barrage-Token", out var header))
            return header.ToString();
        return request.Cookies.TryGetValue(CookieName, out var cookie) ? cookie : null;
    }

    private bool Matches(string? presented) => AccessTokens.Matches(presented, _token!);

    private static bool IsLoopbackHost(HostString host) =>
        host.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    private static Task Refuse(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = message });
    }
}
