namespace Barrage.Scenarios;

/// <summary>A mistake in a macro or condition: where in the text (0-based) and what.</summary>
internal readonly record struct MacroError(int Offset, string Message);
