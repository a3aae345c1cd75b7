namespace Barrage.Scenarios;

public class TemplateTests
{
    private static Template Compile(string text)
    {
        var errors = new List<MacroError>();
        var template = Template.Parse(text, errors);
        Assert.Empty(errors);
        return template;
    }

    [Fact]
    public void TextWithoutMacros_IsLiteral()
    {
        var template = Compile("/items?x=1");
        Assert.True(template.IsLiteral);
        Assert.Equal("/items?x=1", template.Render(new FakeMacroContext()));
    }

    [Fact]
    public void DoubleDollar_IsALiteralMacroStart() =>
        Assert.Equal("cost ${price} $5", Compile("cost $${price} $5").Literal);

    [Fact]
    public void Variables_AndBuiltIns_AreRendered()
    {
        var context = new FakeMacroContext(userId: 7, iteration: 3);
        context.Set("name", "alice");
        Assert.Equal("/u/alice/7/3/", Compile("/u/${name}/${user_id}/${ iteration }/${unset}").Render(context));
    }

    [Fact]
    public void Functions_AreRenderedFromTheUsersRandomSource()
    {
        var template = Compile("${random_int(1, 3)} ${uuid()} ${now()} ${counter()} ${counter()}");
        var first = template.Render(new FakeMacroContext(seed: 1));
        var again = template.Render(new FakeMacroContext(seed: 1));
        Assert.Equal(first, again);
        var parts = first.Split(' ');
        Assert.InRange(int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), 1, 3);
        Assert.Equal('4', parts[1][14]);
        Assert.True(Guid.TryParse(parts[1], out _));
        Assert.Equal("1700000000123", parts[2]);
        Assert.Equal(["1", "2"], parts[3..]);
    }

    [Fact]
    public void RandomInt_CoversItsWholeRange()
    {
        var template = Compile("${random_int(-1,1)}");
        var context = new FakeMacroContext();
        var seen = Enumerable.Range(0, 200).Select(_ => template.Render(context)).ToHashSet();
        Assert.Equal(["-1", "0", "1"], seen.Order());
    }

    [Fact]
    public void Env_IsReadAtCompileTime()
    {
        Environment.SetEnvironmentVariable("BARRAGE_TEMPLATE_TEST", "from-env");
        Assert.Equal("x=from-env", Compile("x=${env(\"BARRAGE_TEMPLATE_TEST\")}").Literal);
    }

    [Theory]
    [InlineData("${", 0, "a macro '${' is not closed with '}' (write $${ for the text itself)")]
    [InlineData("ab${}", 2, "expected a variable or function name inside '${...}', got ''")]
    [InlineData("${uuid(1)}", 0, "uuid() takes 0 arguments, got 1")]
    [InlineData("${random_int(5,1)}", 0, "random_int(5, 1): min must not be above max")]
    [InlineData("${random_int(a,1)}", 0, "random_int(min, max) takes two whole numbers")]
    [InlineData("${uid()}", 0, "unknown function 'uid'; did you mean 'uuid'?")]
    [InlineData("${env(HOME)}", 0, "env() takes the variable's name in quotes: env(\"HOME\")")]
    [InlineData("${env(\"BARRAGE_SURELY_UNSET_VARIABLE\")}", 0, "environment variable 'BARRAGE_SURELY_UNSET_VARIABLE' is not set")]
    [InlineData("x ${a b}", 2, "'a b' is neither a variable name nor a function call such as uuid()")]
    public void Mistakes_AreReportedAtTheirOffset(string text, int offset, string message)
    {
        var errors = new List<MacroError>();
        Template.Parse(text, errors);
        Assert.Equal([new MacroError(offset, message)], errors);
    }

    private static FakeMacroContext WithName(string name)
    {
        var context = new FakeMacroContext();
        context.Set("name", name);
        return context;
    }

    [Fact]
    public void JsonBody_EscapesRenderedStrings()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse("""{"name":"${name}","n":1,"list":["a\"b",null,true]}""")!;
        var template = JsonTemplate.Compile(json, []);
        var context = new FakeMacroContext();
        context.Set("name", "say \"hi\"\n");
        Assert.Equal("say \"hi\"\n\u0001é", System.Text.Json.JsonDocument.Parse(JsonTemplate.Compile(System.Text.Json.Nodes.JsonNode.Parse("""["${name}"]""")!, []).Render(WithName("say \"hi\"\n\u0001é"))).RootElement[0].GetString());
        Assert.Equal("""{"name":"say \"hi\"\n","n":1,"list":["a\"b",null,true]}""", template.Render(context));
        Assert.Equal(1, System.Text.Json.JsonDocument.Parse(template.Render(context)).RootElement.GetProperty("n").GetInt32());
    }
}
