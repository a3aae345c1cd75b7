namespace Barrage.Formats.Ammo;

/// <summary>The layout of a Phantom ammo file.</summary>
public enum AmmoStyle
{
    /// <summary>Tell the style from the first lines of the file (see <see cref="AmmoReader"/>).</summary>
    Auto,

    /// <summary>Request-style ("phantom" in Yandex.Tank): a line <c>&lt;size&gt;[ &lt;tag&gt;]</c>, then exactly that many bytes of raw HTTP request.</summary>
    Request,

    /// <summary>URI-style: <c>[Header: value]</c> lines, and <c>/path[ tag]</c> lines each sent as a GET.</summary>
    Uri,

    /// <summary>URI+POST: a line <c>&lt;body size&gt; /path[ tag]</c>, then exactly that many bytes of body, sent as a POST.</summary>
    UriPost,
}
