using System.Text.Json;
using Barrage.Target.Internal;
using Microsoft.AspNetCore.Http;

namespace Barrage.Target.Endpoints;

/// <summary><c>/cookies/set?k=v&amp;...</c> sets cookies; <c>/cookies</c> shows the ones the client sent.</summary>
internal sealed class CookieEndpoints(ServerState state)
{
    public const int MaxCookies = 20;

    /// <summary>
    /// <c>/cookies/set?k=v&amp;...</c>: one <c>Set-Cookie: k=v; path=/</c> per query parameter (values percent-encoded),
    /// answered with 200 and <c>{"cookies":{"k":"v",...}}</c> listing what was set (no redirect, so a client that does
    /// not follow redirects sees the same thing). Names must be HTTP tokens; at most 20 cookies.
    /// </summary>
    public async Task Set(HttpContext context)
    {
        var query = context.Request.Query;
        if (query.Count > MaxCookies)
        {
            await Responses.TextAsync(context, state.Stats, 400, $"at most {MaxCookies} cookies at once");
            return;
        }
        var set = new List<KeyValuePair<string, string>>(query.Count);
        foreach (var (name, values) in query)
        {
            if (!IsToken(name))
            {
                await Responses.TextAsync(context, state.Stats, 400, $"'{name}' is not a valid cookie name");
                return;
            }
            set.Add(new(name, values.ToString()));
        }

        var options = new CookieOptions { Path = "/" };
        foreach (var (name, value) in set)
            context.Response.Cookies.Append(name, value, options);
        await Responses.JsonAsync(context, state.Stats, 200, set, WriteCookies);
    }

    /// <summary><c>/cookies</c>: <c>{"cookies":{"k":"v",...}}</c>, the cookies the request carried (values decoded).</summary>
    public Task Show(HttpContext context) =>
        Responses.JsonAsync(context, state.Stats, 200, context.Request.Cookies, WriteCookies).AsTask();

    private static void WriteCookies(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, string>> cookies)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("cookies");
        foreach (var (name, value) in cookies)
            writer.WriteString(name, value);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    // RFC 9110 token: what a cookie name may be
    private static bool IsToken(string name)
    {
        if (name.Length == 0)
            return false;
        foreach (char c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && !"!#$%&'*+-.^_`|~".Contains(c))
                return false;
        }
        return true;
    }
}
