namespace Barrage.FunctionalTests.Imports;

/// <summary>Files that cannot be imported: exit 2, a message naming the file and where in it, no stack trace, no plan written.</summary>
public sealed class BadImportInputTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string TsungHead = TsungStart + "\n";

    private const string TsungStart = """
        <?xml version="1.0"?>
        <tsung loglevel="notice" version="1.0">
          <servers><server host="127.0.0.1" port="8080" type="tcp"/></servers>
          <load><arrivalphase phase="1" duration="1" unit="second"><users arrivalrate="1" unit="second"/></arrivalphase></load>
          <sessions>
        """;

    public static TheoryData<string, string, string, string> Cases => new()
    {
        {
            "tsung", "cut.xml",
            TsungHead + "    <session name=\"s\" probability=\"100\" type=\"ts_http\">\n      <request><http url=\"/\" meth",
            "cut.xml:7:"
        },
        {
            "tsung", "jabber.xml",
            TsungHead + "    <session name=\"chat\" probability=\"100\" type=\"ts_jabber\">\n      <request><jabber type=\"connect\"/></request>\n    </session>\n  </sessions>\n</tsung>\n",
            "jabber.xml:6:6: no HTTP (ts_http) session to import; the file's sessions are 'chat' (ts_jabber, line 6)"
        },
        {
            "har", "cut.har",
            "{\"log\": {\"version\": \"1.2\", \"entries\": [\n  {\"startedDateTime\": \"2026-11-23T10:00:00.000Z\", \"time\": 5,\n   \"request\": {\"method\": \"GET\", \"url\": \"http://127.0.0.1/\", \"head",
            "cut.har:3:"
        },
        {
            "har", "empty.har",
            "{\"log\": {\"version\": \"1.2\", \"creator\": {\"name\": \"x\", \"version\": \"1\"}, \"entries\": []}}",
            "empty.har: log.entries is empty: the recording holds no request to import"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadFile_ExitsWith2_NamingTheFileAndWhereInIt(string kind, string name, string content, string expected)
    {
        var file = _dir.File(name, content);
        var plan = Path.Combine(_dir.Path, "plan.yaml");

        var (code, output) = await CliRunner.RunAsync("import", kind, file, "-o", plan);

        Assert.Equal(2, code);
        Assert.Contains(expected, System.Text.RegularExpressions.Regex.Replace(output, @"\s+", " "), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.False(File.Exists(plan));
    }

    [Fact]
    public async Task TruncatedFiles_SayTheyAreCutShort()
    {
        var xml = _dir.File("cut.xml", TsungHead + "    <session name=\"s\" probability=\"100\" type=\"ts_http\">\n");
        var har = _dir.File("cut.har", "{\"log\": {\"entries\": [\n");

        var (xmlCode, xmlOutput) = await CliRunner.RunAsync("import", "tsung", xml);
        var (harCode, harOutput) = await CliRunner.RunAsync("import", "har", har);

        Assert.Equal((2, 2), (xmlCode, harCode));
        Assert.Contains("Unexpected end of file", xmlOutput, StringComparison.Ordinal);
        Assert.Contains("cut short", harOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunningABadTsungFile_IsBadInputToo()
    {
        var xml = _dir.File("cut.xml", TsungHead);

        var (code, output) = await CliRunner.RunAsync("run", xml);

        Assert.Equal(2, code);
        Assert.Contains("cut.xml:", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
