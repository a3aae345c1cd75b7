namespace Barrage.Scenarios;

/// <summary>
/// The activity interface: what a plugin (or a C# scenario) implements to add an activity. One instance serves every
/// user and may run for many of them at once, so it keeps no per-user state of its own (that goes in the context's
/// variables).
/// </summary>
/// <remarks>
/// Record what it measures through <see cref="IActivityContext.MeasureAsync"/>, which times the work and makes the
/// sample every consumer sees (summary, phout, live view). An exception that escapes is recorded as a sample with net
/// code 1099 under the activity's kind and logged; the user goes on.
/// </remarks>
public interface ICustomActivity
{
    /// <summary>Runs the activity once for the user <paramref name="context"/> belongs to.</summary>
    ValueTask RunAsync(IActivityContext context);
}
