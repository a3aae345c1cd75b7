namespace Barrage.Scenarios;

public class ConditionTests
{
    [Theory]
    [InlineData("n == 3", true)]
    [InlineData("n != 3", false)]
    [InlineData("n < 10", true)]
    [InlineData("n <= 2", false)]
    [InlineData("n > 2.5", true)]
    [InlineData("n >= 3 and name == 'alice'", true)]
    [InlineData("n > 5 or name == \"alice\"", true)]
    [InlineData("not (n == 3)", false)]
    [InlineData("!flag", false)]
    [InlineData("flag && empty", false)]
    [InlineData("flag || empty", true)]
    [InlineData("${name} > 'aaa'", true)]
    [InlineData("name < 'b'", true)]
    [InlineData("unset == ''", true)]
    [InlineData("user_id == 7 and iteration == 3", true)]
    [InlineData("zero", false)]
    [InlineData("true", true)]
    [InlineData("10 > 9", true)]
    public void Evaluates(string text, bool expected)
    {
        var errors = new List<MacroError>();
        var condition = Condition.Parse(text, errors);
        Assert.Empty(errors);
        var context = new FakeMacroContext(userId: 7, iteration: 3);
        context.Set("n", "3");
        context.Set("name", "alice");
        context.Set("flag", "yes");
        context.Set("empty", "");
        context.Set("zero", "0");
        Assert.Equal(expected, condition!.Evaluate(context));
    }

    [Theory]
    [InlineData("", 0, "expected a variable, a number or a quoted text, got the end of the condition")]
    [InlineData("n ==", 3, "expected a variable, a number or a quoted text, got the end of the condition")]
    [InlineData("n = 3", 2, "unexpected '= 3'; expected and, or, or a comparison such as == or <")]
    [InlineData("(n == 3", 7, "a '(' is not closed with ')'")]
    [InlineData("name == 'bob", 8, "a text starting with ' is not closed")]
    [InlineData("n == ?", 5, "expected a variable, a number or a quoted text, got '?'")]
    public void Mistakes_AreReportedAtTheirOffset(string text, int offset, string message)
    {
        var errors = new List<MacroError>();
        Assert.Null(Condition.Parse(text, errors));
        Assert.Equal([new MacroError(Math.Min(offset, Math.Max(text.Length - 1, 0)), message)], errors);
    }

    [Fact]
    public void Variables_AreListedWithOffsets()
    {
        var condition = Condition.Parse("a == 1 and ${b} < c", [])!;
        Assert.Equal([("a", 0), ("b", 11), ("c", 18)], condition.Variables);
    }
}
