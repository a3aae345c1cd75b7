using System.Text;
using Barrage.Formats.Ammo;

namespace Barrage.Formats.Tests.Ammo;

/// <summary>
/// Seeded random input and mutations of good ammo: the reader either returns requests that turn into
/// valid PreparedRequests, or throws AmmoFormatException; never anything else.
/// </summary>
public class AmmoFuzzTests
{
    private static readonly AmmoStyle[] Styles = Enum.GetValues<AmmoStyle>();
    private static readonly Uri Target = new("http://127.0.0.1:8080");
    private static readonly byte[] Alphabet = "0123456789  \n\n\r\t[]:/?GETPOSHTP1.-x\u0001"u8.ToArray();

    private static readonly byte[][] Seeds =
    [
        Encoding.UTF8.GetBytes(Ammo.Chunk(Ammo.Get, "get") + Ammo.Chunk(Ammo.Post, "post") + "\n" + Ammo.Chunk("OPTIONS * HTTP/1.1\n\n")),
        Encoding.UTF8.GetBytes("[Host: shop]\n[Connection: close]\n/a tag\n/b?c=d\n[Connection:]\n/e\n"),
        Encoding.UTF8.GetBytes("[Content-Type: text/plain]\n5 /a one\nhello\n0 /b\n\n3 /c\r\nxyz\r\n"),
    ];

    [Fact]
    public void RandomBytes_OnlyAmmoFormatException()
    {
        var random = new Random(20240501);
        var outcomes = new Outcomes();
        for (int i = 0; i < 3_000; i++)
        {
            byte[] data = new byte[random.Next(0, 200)];
            for (int j = 0; j < data.Length; j++)
                data[j] = random.Next(4) == 0 ? (byte)random.Next(256) : Alphabet[random.Next(Alphabet.Length)];
            outcomes.Add(Check(data, Styles[i % Styles.Length], $"random #{i}"));
        }
        Assert.True(outcomes.Rejected > 0, $"{outcomes}");
    }

    [Fact]
    public void MutatedGoodAmmo_OnlyAmmoFormatException()
    {
        var random = new Random(7);
        var outcomes = new Outcomes();
        for (int i = 0; i < 6_000; i++)
        {
            byte[] data = Mutate(Seeds[i % Seeds.Length], random);
            outcomes.Add(Check(data, i % 2 == 0 ? AmmoStyle.Auto : Styles[random.Next(Styles.Length)], $"mutation #{i}"));
        }
        // Both ways out are exercised: some mutations still parse, most are caught.
        Assert.True(outcomes.Accepted > 500 && outcomes.Rejected > 500, $"{outcomes}");
    }

    [Fact]
    public void MutatedGzip_OnlyAmmoFormatException()
    {
        var random = new Random(99);
        var outcomes = new Outcomes();
        for (int i = 0; i < 1_500; i++)
        {
            byte[] gzip = Ammo.Gzip(i % 2 == 0 ? Seeds[i % Seeds.Length] : Mutate(Seeds[i % Seeds.Length], random));
            byte[] data = i % 3 == 0 ? gzip : Mutate(gzip, random, keepMagic: true);
            outcomes.Add(Check(data, AmmoStyle.Auto, $"gzip #{i}"));
        }
        Assert.True(outcomes.Accepted > 100 && outcomes.Rejected > 100, $"{outcomes}");
    }

    [Fact]
    public void Seeds_AreValid()
    {
        // The mutations start from good ammo, or the fuzzing above proves little.
        Assert.Equal(3, Ammo.Parse(Seeds[0]).Count);
        Assert.Equal(3, Ammo.Parse(Seeds[1]).Count);
        Assert.Equal(3, Ammo.Parse(Seeds[2]).Count);
    }

    private static bool Check(byte[] data, AmmoStyle style, string what)
    {
        IReadOnlyList<AmmoRequest> requests;
        try
        {
            requests = AmmoReader.Parse(data, "fuzz", style, maxBytes: 1 << 16);
        }
        catch (AmmoFormatException error)
        {
            Assert.True(error.Offset >= 0, what);
            return false;
        }
        catch (Exception ex)
        {
            Assert.Fail($"{what} ({style}) threw {ex.GetType().Name}: {ex.Message}\ninput: {Convert.ToBase64String(data)}");
            return false;
        }
        Assert.NotEmpty(requests);
        foreach (var ammo in requests)
        {
            var request = ammo.ToPreparedRequest(Target);
            Assert.Equal(Target.Authority, request.Uri.Authority);
            Assert.False(string.IsNullOrEmpty(request.Method), what);
        }
        return true;
    }

    private sealed class Outcomes
    {
        public int Accepted { get; private set; }

        public int Rejected { get; private set; }

        public void Add(bool accepted)
        {
            if (accepted)
                Accepted++;
            else
                Rejected++;
        }

        public override string ToString() => $"{Accepted} accepted, {Rejected} rejected";
    }

    private static byte[] Mutate(byte[] seed, Random random, bool keepMagic = false)
    {
        var data = new List<byte>(seed);
        int edits = random.Next(1, 5);
        for (int e = 0; e < edits && data.Count > 0; e++)
        {
            int at = random.Next(keepMagic ? Math.Min(2, data.Count) : 0, data.Count);
            switch (random.Next(6))
            {
                case 0: // flip a byte
                    data[at] = (byte)random.Next(256);
                    break;
                case 1: // insert bytes
                    data.InsertRange(at, Enumerable.Range(0, random.Next(1, 4)).Select(_ => Alphabet[random.Next(Alphabet.Length)]));
                    break;
                case 2: // delete a range
                    data.RemoveRange(at, Math.Min(random.Next(1, 8), data.Count - at));
                    break;
                case 3: // truncate
                    data.RemoveRange(at, data.Count - at);
                    break;
                case 4: // change a digit: sizes become wrong
                    int digit = data.FindIndex(at, b => b is >= (byte)'0' and <= (byte)'9');
                    if (digit >= 0)
                        data[digit] = (byte)('0' + random.Next(10));
                    break;
                default: // duplicate a range
                    int length = Math.Min(random.Next(1, 20), data.Count - at);
                    data.InsertRange(at, data.GetRange(at, length));
                    break;
            }
        }
        return [.. data];
    }
}
