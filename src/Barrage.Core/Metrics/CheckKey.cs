namespace Barrage.Metrics;

/// <summary>What check counts are grouped by: the check's name and the tag of the request it judged.</summary>
public readonly record struct CheckKey(string Check, string Tag);
