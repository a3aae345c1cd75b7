using System.Text;
using Barrage.Target.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Barrage.Target.Endpoints;

/// <summary>
/// <c>/basic-auth/{user}/{pass}</c> and <c>/bearer</c>: 200 with <c>{"authenticated":true,...}</c> when the
/// Authorization header matches, else 401 with <c>{"authenticated":false}</c> and a WWW-Authenticate challenge.
/// </summary>
internal sealed class AuthEndpoints(ServerState state)
{
    private const string Realm = "realm=\"barrage\"";

    /// <summary><c>/basic-auth/{user}/{pass}</c>: 200 when <c>Authorization: Basic base64(user:pass)</c> matches.</summary>
    public Task Basic(HttpContext context)
    {
        var user = context.GetRouteValue("user") as string ?? "";
        var pass = context.GetRouteValue("pass") as string ?? "";
        var credentials = Credentials(context.Request, "Basic");
        if (credentials is not null && Decode(credentials) == user + ":" + pass)
            return Authenticated(context, "user", user);
        return Challenge(context, "Basic " + Realm);
    }

    /// <summary><c>/bearer</c>: 200 when <c>Authorization: Bearer &lt;token&gt;</c> has a non-empty token.</summary>
    public Task Bearer(HttpContext context)
    {
        var token = Credentials(context.Request, "Bearer");
        if (!string.IsNullOrEmpty(token))
            return Authenticated(context, "token", token);
        return Challenge(context, "Bearer " + Realm);
    }

    private Task Authenticated(HttpContext context, string name, string value) =>
        Responses.JsonAsync(context, state.Stats, 200, (name, value), static (writer, field) =>
        {
            writer.WriteStartObject();
            writer.WriteBoolean("authenticated", true);
            writer.WriteString(field.name, field.value);
            writer.WriteEndObject();
        }).AsTask();

    private Task Challenge(HttpContext context, string challenge)
    {
        context.Response.Headers.WWWAuthenticate = challenge;
        return Responses.JsonAsync(context, state.Stats, 401, 0, static (writer, _) =>
        {
            writer.WriteStartObject();
            writer.WriteBoolean("authenticated", false);
            writer.WriteEndObject();
        }).AsTask();
    }

    // the credentials after "<scheme> " (scheme matched case-insensitively), trimmed; null for another scheme
    private static string? Credentials(HttpRequest request, string scheme)
    {
        string header = request.Headers[HeaderNames.Authorization].ToString();
        if (header.Length <= scheme.Length || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) || header[scheme.Length] != ' ')
            return null;
        return header[(scheme.Length + 1)..].Trim();
    }

    private static string? Decode(string base64)
    {
        var bytes = new byte[(base64.Length + 3) / 4 * 3];
        return Convert.TryFromBase64String(base64, bytes, out int length) ? Encoding.UTF8.GetString(bytes, 0, length) : null;
    }
}
