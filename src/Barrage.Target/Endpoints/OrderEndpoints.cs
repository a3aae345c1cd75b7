using Barrage.Target.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Barrage.Target.Endpoints;

/// <summary>
/// A login and an order, each request needing what the previous answer gave: <c>/login</c> answers
/// <c>{"token":"t..."}</c>; <c>/orders</c> with <c>Authorization: Bearer &lt;token&gt;</c> answers 201
/// <c>{"id":"o..."}</c>; <c>/orders/{id}</c> with the token answers 200 for an id this server issued. A token or id
/// this server did not issue (a hard-coded one from another run's recording) gets 401 or 404, which is what tells a
/// replayed recording whose values were not traced apart from one whose were.
/// </summary>
internal sealed class OrderEndpoints(ServerState state)
{
    private const string TokenPrefix = "t";
    private const string OrderPrefix = "o";

    private readonly SignedValues _signed = new();

    /// <summary><c>/login</c>: 200 with a new token (any method, any body: the body is drained and counted).</summary>
    public Task Login(HttpContext context) =>
        Responses.JsonAsync(context, state.Stats, 200, _signed.Issue(TokenPrefix), static (writer, token) =>
        {
            writer.WriteStartObject();
            writer.WriteString("token", token);
            writer.WriteNumber("expires_in", 3600);
            writer.WriteEndObject();
        }).AsTask();

    /// <summary><c>/orders</c>: 201 with a new order id when the bearer token is valid, else 401.</summary>
    public Task Create(HttpContext context)
    {
        if (!Authorized(context))
            return Error(context, 401, "log in first: POST /login, then send Authorization: Bearer <token>");
        return Responses.JsonAsync(context, state.Stats, 201, _signed.Issue(OrderPrefix), WriteOrder).AsTask();
    }

    /// <summary><c>/orders/{id}</c>: 200 for an id this server issued and a valid token; 401 without the token, 404 for another id.</summary>
    public Task Show(HttpContext context)
    {
        if (!Authorized(context))
            return Error(context, 401, "log in first: POST /login, then send Authorization: Bearer <token>");
        var id = context.GetRouteValue("id") as string;
        if (!_signed.IsValid(id, OrderPrefix))
            return Error(context, 404, "no such order: use an id that POST /orders gave");
        return Responses.JsonAsync(context, state.Stats, 200, id!, WriteOrder).AsTask();
    }

    private static void WriteOrder(System.Text.Json.Utf8JsonWriter writer, string id)
    {
        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteString("status", "placed");
        writer.WriteEndObject();
    }

    private bool Authorized(HttpContext context)
    {
        var header = context.Request.Headers[HeaderNames.Authorization].ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && _signed.IsValid(header[7..].Trim(), TokenPrefix);
    }

    private Task Error(HttpContext context, int status, string message) =>
        Responses.JsonAsync(context, state.Stats, status, message, static (writer, text) =>
        {
            writer.WriteStartObject();
            writer.WriteString("error", text);
            writer.WriteEndObject();
        }).AsTask();
}
