namespace Barrage.Plans;

/// <summary>Sets the user's variables (<c>set: { page: "${iteration}" }</c>); values may hold macros.</summary>
public sealed record SetActivity(IReadOnlyList<KeyValuePair<string, string>> Variables) : Activity;
