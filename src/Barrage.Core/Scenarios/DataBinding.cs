namespace Barrage.Scenarios;

/// <summary>When a user takes a new row from a data feeder.</summary>
public enum DataBinding
{
    /// <summary>Once, when the user starts: the row stays with the user (<c>user</c>, the default).</summary>
    User,

    /// <summary>At the start of each iteration of <c>main</c> (<c>iteration</c>).</summary>
    Iteration,
}
