using System.Text;
using Barrage.Transport.Http1;

namespace Barrage.Core.Tests.Transport.Http1;

// Seeded, so a failure reproduces; the seed and the input are in the failure message.
public class Http1ResponseParserFuzzTests
{
    private const int Iterations = 3000;

    // Bytes that matter to the grammar, so random input reaches deep states and not only the first byte.
    private static readonly byte[] s_alphabet = Encoding.ASCII.GetBytes("HTTP/1.0 204:\r\n\r\n;,\t -0123456789abcdefABCDEF\0\x7f");
    private static readonly string[] s_fragments =
    [
        "HTTP/1.1 200 OK\r\n", "HTTP/1.0 100 Continue\r\n", "HTTP/1.1 304 x\r\n", "Content-Length: 3\r\n",
        "Transfer-Encoding: chunked\r\n", "Connection: close\r\n", "X: y\r\n", "\r\n", "3\r\nabc\r\n", "0\r\n", "ok",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Parse_RandomGarbage_EndsInAResultAndIgnoresHowItIsSplit(int seed)
    {
        var random = new Random(seed);
        for (int i = 0; i < Iterations; i++)
        {
            byte[] input = (i % 3) switch
            {
                0 => RandomBytes(random, random.Next(0, 200)),
                1 => RandomFromAlphabet(random, random.Next(0, 200)),
                _ => RandomFragments(random),
            };
            CheckSplitInvariance(random, input, seed, i);
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Parse_MutatedValidResponses_EndInAResultAndIgnoreHowTheyAreSplit(int seed)
    {
        var random = new Random(seed);
        (byte[] Response, bool Head)[] cases = Http1ResponseParserTests.AllCases().ToArray();
        for (int i = 0; i < Iterations; i++)
        {
            var (response, head) = cases[random.Next(cases.Length)];
            byte[] mutated = Mutate(random, response);
            CheckSplitInvariance(random, mutated, seed, i, head);
        }
    }

    private static void CheckSplitInvariance(Random random, byte[] input, int seed, int iteration, bool head = false)
    {
        int maxHead = random.Next(2) == 0 ? 64 : 1024;
        ParseOutcome whole = ParseOutcome.Run(input, head, maxHead);
        int[] cuts = RandomCuts(random, input.Length);
        ParseOutcome split = ParseOutcome.Run(input, head, maxHead, cuts);

        Assert.NotEqual(Http1ParseStatus.NeedMore, whole.Status);
        if (whole != split)
        {
            Assert.Fail($"seed {seed}, iteration {iteration}, cuts [{string.Join(",", cuts)}]: {whole} whole, {split} split; " +
                $"input {Convert.ToHexString(input)}");
        }
    }

    private static int[] RandomCuts(Random random, int length)
    {
        int count = random.Next(1, 5);
        int[] cuts = new int[count];
        for (int i = 0; i < count; i++)
            cuts[i] = random.Next(0, length + 1);
        Array.Sort(cuts);
        return cuts;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] RandomFromAlphabet(Random random, int length)
    {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
            bytes[i] = s_alphabet[random.Next(s_alphabet.Length)];
        return bytes;
    }

    private static byte[] RandomFragments(Random random)
    {
        var text = new StringBuilder();
        int count = random.Next(1, 12);
        for (int i = 0; i < count; i++)
            text.Append(s_fragments[random.Next(s_fragments.Length)]);
        return Encoding.Latin1.GetBytes(text.ToString());
    }

    // One to three edits: flip a byte, replace it with a grammar byte, insert, delete, or cut the tail.
    private static byte[] Mutate(Random random, byte[] original)
    {
        var bytes = new List<byte>(original);
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[at] = s_alphabet[random.Next(s_alphabet.Length)]; break;
                case 2: bytes.Insert(at, s_alphabet[random.Next(s_alphabet.Length)]); break;
                case 3: bytes.RemoveAt(at); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }

        return [.. bytes];
    }
}
