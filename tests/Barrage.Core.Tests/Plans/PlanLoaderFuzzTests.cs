namespace Barrage.Plans;

/// <summary>Random damage to a good plan must only ever produce a plan or a <see cref="PlanException"/> with positioned errors.</summary>
public class PlanLoaderFuzzTests
{
    private const string GoodPlan = """
        name: fuzz
        target: http://127.0.0.1:8080
        load:
          model: closed
          users: 3
          duration: 1m30s
          iterations: 10
          ramp_up: 500ms
          graceful_stop: 2s
        scenario:
          init:
            - post: /login
              body: "user=a"
              headers: &h { Accept: text/plain, X-Id: "7" }
          main:
            - get: /items?page=1
              tag: items
              headers: *h
            - request: { method: PUT, url: /echo, body: 'x: y', tag: put }
            - delete: https://127.0.0.1/x
          end: [ { head: / } ]
        """;

    // Characters that mean something to YAML, and a few that do not.
    private const string Noise = ":-[]{},#&*!|>'\"%@`?~ \t\n\r\\0aZ9.";

    [Fact]
    public void Parse_GoodPlan_Loads() => Assert.Equal(3, PlanLoader.Parse(GoodPlan, "fuzz.yaml").Scenario.Main.Count);

    [Fact]
    public void Parse_MutatedPlans_OnlyEverThrowPlanException()
    {
        var random = new Random(20240601);
        var failures = 0;
        for (var i = 0; i < 500; i++)
        {
            var text = Mutate(GoodPlan, random);
            try
            {
                PlanLoader.Parse(text, "fuzz.yaml");
            }
            catch (PlanException e)
            {
                failures++;
                Assert.NotEmpty(e.Errors);
                var lines = text.Split('\n').Length;
                foreach (var error in e.Errors)
                {
                    Assert.True(error.Position.IsKnown, $"case {i}: no position for '{error}'");
                    Assert.InRange(error.Position.Line, 1, lines + 1);
                    Assert.True(error.Position.Column >= 1, $"case {i}: column in '{error}'");
                    Assert.False(string.IsNullOrWhiteSpace(error.Message));
                    Assert.DoesNotContain('\n', error.Message);
                }
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i} threw {e}\n--- input ---\n{text}");
            }
        }
        // The mutations must actually break plans, or this test proves nothing.
        Assert.InRange(failures, 150, 500);
    }

    internal static string Mutate(string text, Random random)
    {
        var chars = text.ToList();
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && chars.Count > 1; e++)
        {
            var at = random.Next(chars.Count - 1);
            switch (random.Next(4))
            {
                case 0:
                    chars.RemoveAt(at);
                    break;
                case 1:
                    chars.Insert(at, chars[at]);
                    break;
                case 2:
                    (chars[at], chars[at + 1]) = (chars[at + 1], chars[at]);
                    break;
                default:
                    chars.Insert(at, Noise[random.Next(Noise.Length)]);
                    break;
            }
        }
        return new string(chars.ToArray());
    }
}
