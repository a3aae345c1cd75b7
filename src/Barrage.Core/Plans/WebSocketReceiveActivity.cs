using System.Text.RegularExpressions;
using Barrage.Scenarios;

namespace Barrage.Plans;

/// <summary>
/// Waits for the next message on a socket (<c>ws_receive:</c>), up to <see cref="WebSocketActivity.Timeout"/>; the
/// message is then checked (<see cref="Pattern"/>, <see cref="Contains"/>, <see cref="Checks"/>) and values are extracted
/// from it as from a response body. A server that closes the socket instead of sending counts as net code 104.
/// </summary>
public sealed record WebSocketReceiveActivity : WebSocketActivity
{
    /// <summary>A regex the message must match somewhere (a check named <c>pattern /REGEX/</c>); null for none.</summary>
    public Regex? Pattern { get; init; }

    /// <summary>Text the message must contain (a check named <c>contains 'TEXT'</c>); null for none.</summary>
    public string? Contains { get; init; }

    /// <summary>What a failed <see cref="Pattern"/> or <see cref="Contains"/> makes the user do.</summary>
    /// <remarks>Defaults to <see cref="CheckFailureAction.Continue"/>.</remarks>
    public CheckFailureAction OnFailure { get; init; } = CheckFailureAction.Continue;

    /// <summary>More checks on the message, which they see as a response body with status 101 and no headers.</summary>
    public IReadOnlyList<Check> Checks { get; init; } = [];

    /// <summary>Values taken from the message into the user's variables (<c>extract:</c> with <c>regex</c> or <c>json</c>).</summary>
    public IReadOnlyList<Extractor> Extractors { get; init; } = [];

    /// <inheritdoc/>
    public override string EffectiveTag => TagOr("WS receive");

    /// <inheritdoc/>
    public override string Kind => "ws_receive";
}
