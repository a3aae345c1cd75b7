namespace Barrage.Target.Internal;

/// <summary>
/// The deterministic body of <c>/bytes/{n}</c> and friends: byte i is <c>'a' + i % 26</c>, so a client can check any
/// slice it receives and a person can read it.
/// </summary>
internal static class PatternContent
{
    /// <summary>A whole number of alphabets, so consecutive copies continue the pattern.</summary>
    public static ReadOnlyMemory<byte> Block { get; } = Create(26 * 2520);

    /// <summary>The pattern byte at <paramref name="offset"/>.</summary>
    public static byte At(long offset) => (byte)('a' + (int)(offset % 26));

    private static byte[] Create(int length)
    {
        var block = new byte[length];
        for (int i = 0; i < block.Length; i++)
            block[i] = At(i);
        return block;
    }
}
