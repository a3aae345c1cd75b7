namespace Barrage.Plans;

/// <summary>Credentials sent with requests (<c>auth: {basic: {user, password}}</c> or <c>auth: {bearer: TOKEN}</c>); texts may hold macros.</summary>
public sealed record AuthSpec
{
    /// <summary>Basic or bearer.</summary>
    public required AuthKind Kind { get; init; }

    /// <summary>The user name (basic).</summary>
    public string User { get; init; } = "";

    /// <summary>The password (basic).</summary>
    public string Password { get; init; } = "";

    /// <summary>The token (bearer).</summary>
    public string Token { get; init; } = "";

    /// <summary>Basic authentication.</summary>
    public static AuthSpec Basic(string user, string password) => new() { Kind = AuthKind.Basic, User = user, Password = password };

    /// <summary>A bearer token.</summary>
    public static AuthSpec Bearer(string token) => new() { Kind = AuthKind.Bearer, Token = token };
}
