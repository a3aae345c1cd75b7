using Barrage.Scenarios;

namespace Barrage.Plans;

/// <summary>Random damage to a scenario, its macros and its conditions: a plan or positioned errors, never a crash.</summary>
public class ScenarioFuzzTests
{
    private const string GoodScenario = """
        target: builtin
        load: { users: 2, iterations: 3 }
        variables: { user: "u-${user_id}", n: "0" }
        headers: { X-User: "${user}" }
        auth: { basic: { user: "${user}", password: pw } }
        scenario:
          init:
            - post: /login
              json: { name: "${user}", tags: [ a, "${uuid()}" ], n: 1 }
          main:
            - get: /items/${random_int(1,9)}
              query: { page: "${iteration}" }
              timeout: 2s
            - parallel: [ { get: /a }, { get: /b } ]
              limit: 1
            - think: 1s..2s
            - loop: 3
              while: "n < 2 and user != 'x'"
              do: [ { set: { n: "${counter()}" } } ]
            - if: "not (n == 1) or iteration >= 2"
              then: [ { call: shared, times: 2 } ]
              else: [ { log: "${user} at ${now()}" } ]
            - group: pay
              do: [ { post: /pay, form: { a: "${n}" } } ]
          sequences:
            shared: [ { get: /shared } ]
        """;

    [Fact]
    public void GoodScenario_Loads() => Assert.Equal(6, PlanLoader.Parse(GoodScenario, "s.yaml").Scenario.Main.Count);

    [Fact]
    public void MutatedScenarios_OnlyEverThrowPlanException_WithPositions()
    {
        var random = new Random(5);
        for (var i = 0; i < 400; i++)
        {
            var text = PlanLoaderFuzzTests.Mutate(GoodScenario, random);
            try
            {
                PlanLoader.Parse(text, "s.yaml");
            }
            catch (PlanException e)
            {
                Assert.All(e.Errors, error => Assert.True(error.Position.IsKnown, $"case {i}: no position for '{error}'"));
            }
        }
    }

    [Fact]
    public void RandomMacroAndConditionTexts_NeverThrow()
    {
        const string Alphabet = "${}()\"',=!<>&|n ax1-_.$";
        var random = new Random(11);
        for (var i = 0; i < 5000; i++)
        {
            var text = new string([.. Enumerable.Range(0, random.Next(0, 24)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
            var errors = new List<MacroError>();
            Template.Parse(text, errors);
            Condition.Parse(text, errors);
            Assert.All(errors, e => Assert.InRange(e.Offset, 0, Math.Max(text.Length - 1, 0)));
        }
    }
}
