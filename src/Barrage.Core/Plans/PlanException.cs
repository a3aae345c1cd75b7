namespace Barrage.Plans;

/// <summary>Thrown when a plan (or the options applied to it) is invalid; carries every error found, not just the first.</summary>
public sealed class PlanException : Exception
{
    public PlanException(IReadOnlyList<PlanError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public PlanException(PlanError error) : this([error]) { }

    public IReadOnlyList<PlanError> Errors { get; }
}
