namespace Barrage.Plans;

/// <summary>Thrown when a plan (or the options applied to it) is invalid; carries every error found, not just the first.</summary>
public sealed class PlanException : Exception
{
    /// <summary>An exception carrying <paramref name="errors"/>; its message lists them one per line.</summary>
    public PlanException(IReadOnlyList<PlanError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    /// <summary>An exception carrying one error.</summary>
    public PlanException(PlanError error) : this([error]) { }

    /// <summary>Every mistake found, in file order.</summary>
    public IReadOnlyList<PlanError> Errors { get; }
}
