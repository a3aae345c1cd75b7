namespace Barrage.Plans.Yaml;

public class SuggestionsTests
{
    [Theory]
    [InlineData("", "", 0)]
    [InlineData("abc", "", 3)]
    [InlineData("duration", "duration", 0)]
    [InlineData("duraton", "duration", 1)]
    [InlineData("gte", "get", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("ramp-up", "ramp_up", 1)]
    [InlineData("ab", "ba", 1)]
    public void Distance_CountsEditsAndSwaps(string a, string b, int expected)
    {
        Assert.Equal(expected, Suggestions.Distance(a, b));
        Assert.Equal(expected, Suggestions.Distance(b, a));
    }

    [Theory]
    [InlineData("duraton", "duration")]
    [InlineData("Users", "users")]
    [InlineData("rampup", "ramp_up")]
    [InlineData("graceful_stp", "graceful_stop")]
    [InlineData("x", null)]
    [InlineData("speed", null)]
    [InlineData("graceful", null)]
    public void Closest_OnlySuggestsNearMisses(string input, string? expected) =>
        Assert.Equal(expected, Suggestions.Closest(input, ["model", "users", "duration", "iterations", "ramp_up", "graceful_stop"]));

    [Fact]
    public void Closest_HugeInput_IsSkippedQuickly() =>
        Assert.Null(Suggestions.Closest(new string('a', 1_000_000), ["users", "duration"]));

    [Fact]
    public void Hint_SuggestsOrLists()
    {
        Assert.Equal("; did you mean 'get'?", Suggestions.Hint("gte", ["get", "post"]));
        Assert.Equal("; expected one of: get, post", Suggestions.Hint("fetch", ["get", "post"]));
    }
}
