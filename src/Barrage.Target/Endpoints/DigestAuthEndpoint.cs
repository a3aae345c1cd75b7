using System.Security.Cryptography;
using System.Text;
using Barrage.Target.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Barrage.Target.Endpoints;

/// <summary>
/// <c>/digest-auth/{user}/{pass}</c> (RFC 7616, qop <c>auth</c>; <c>?algorithm=SHA-256</c> for SHA-256, MD5 otherwise):
/// 200 with <c>{"authenticated":true,"user":...}</c> when the Digest response matches, else 401 with a fresh challenge.
/// </summary>
/// <remarks>
/// A test server keeps no state: any nonce it could have issued is accepted (the response must still be computed
/// from it), so a client's digest arithmetic is what is checked, not replay protection.
/// </remarks>
internal sealed class DigestAuthEndpoint(ServerState state)
{
    private const string Realm = "barrage";

    public Task Handle(HttpContext context)
    {
        var user = context.GetRouteValue("user") as string ?? "";
        var pass = context.GetRouteValue("pass") as string ?? "";
        var algorithm = string.Equals(context.Request.Query["algorithm"], "SHA-256", StringComparison.OrdinalIgnoreCase) ? "SHA-256" : "MD5";
        var header = context.Request.Headers[HeaderNames.Authorization].ToString();
        if (header.StartsWith("Digest ", StringComparison.OrdinalIgnoreCase)
            && Parameters(header[7..]) is var p
            && p.GetValueOrDefault("username") == user
            && p.GetValueOrDefault("realm") == Realm
            && p.GetValueOrDefault("uri") == context.Request.Path + context.Request.QueryString
            && p.GetValueOrDefault("response") is { } response
            && string.Equals(response, Expected(p, algorithm, context.Request.Method, pass), StringComparison.OrdinalIgnoreCase))
        {
            return Responses.JsonAsync(context, state.Stats, 200, user, static (writer, name) =>
            {
                writer.WriteStartObject();
                writer.WriteBoolean("authenticated", true);
                writer.WriteString("user", name);
                writer.WriteEndObject();
            }).AsTask();
        }

        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        context.Response.Headers.WWWAuthenticate = $"Digest realm=\"{Realm}\", qop=\"auth\", algorithm={algorithm}, nonce=\"{nonce}\", opaque=\"{nonce[..8]}\"";
        return Responses.JsonAsync(context, state.Stats, 401, 0, static (writer, _) =>
        {
            writer.WriteStartObject();
            writer.WriteBoolean("authenticated", false);
            writer.WriteEndObject();
        }).AsTask();
    }

    // ASP.NET's header parsing reads the name=value list, quoted strings included.
    private static Dictionary<string, string> Parameters(string list) =>
        NameValueHeaderValue.TryParseList([list], out var values)
            ? values.Where(v => v.Value.HasValue).GroupBy(v => v.Name.Value!, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => HeaderUtilities.RemoveQuotes(g.First().Value).ToString(), StringComparer.OrdinalIgnoreCase)
            : [];

    private static string? Expected(Dictionary<string, string> p, string algorithm, string method, string pass)
    {
        if (p.GetValueOrDefault("nonce") is not { } nonce || p.GetValueOrDefault("uri") is not { } uri)
            return null;
        var ha1 = Hash(algorithm, $"{p["username"]}:{Realm}:{pass}");
        var ha2 = Hash(algorithm, $"{method}:{uri}");
        return p.GetValueOrDefault("qop") == "auth"
            ? Hash(algorithm, $"{ha1}:{nonce}:{p.GetValueOrDefault("nc")}:{p.GetValueOrDefault("cnonce")}:auth:{ha2}")
            : Hash(algorithm, $"{ha1}:{nonce}:{ha2}");
    }

#pragma warning disable CA5351 // MD5 is what RFC 7616's default algorithm is; the target speaks the protocol clients speak.
    private static string Hash(string algorithm, string text) => Convert.ToHexStringLower(
        algorithm == "SHA-256" ? SHA256.HashData(Encoding.UTF8.GetBytes(text)) : MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351
}
