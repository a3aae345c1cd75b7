namespace Barrage.Plans;

/// <summary>Credentials sent with requests (<c>auth: {basic: {user, password}}</c>, <c>{digest: {user, password}}</c> or <c>{bearer: TOKEN}</c>); texts may hold macros.</summary>
public sealed record AuthSpec
{
    /// <summary>Basic, bearer or digest.</summary>
    public required AuthKind Kind { get; init; }

    /// <summary>The user name (basic, digest).</summary>
    public string User { get; init; } = "";

    /// <summary>The password (basic, digest).</summary>
    public string Password { get; init; } = "";

    /// <summary>The token (bearer).</summary>
    public string Token { get; init; } = "";

    /// <summary>Basic authentication.</summary>
    public static AuthSpec Basic(string user, string password) => new() { Kind = AuthKind.Basic, User = user, Password = password };

    /// <summary>Digest authentication.</summary>
    public static AuthSpec Digest(string user, string password) => new() { Kind = AuthKind.Digest, User = user, Password = password };

    /// <summary>A bearer token.</summary>
    public static AuthSpec Bearer(string token) => new() { Kind = AuthKind.Bearer, Token = token };
}
