using Barrage.Scenarios;

namespace Barrage.Plans.Yaml;

public sealed class DataSchemaTests : IDisposable
{
    private const string Head = "target: builtin\nload: { users: 1, iterations: 1 }\nscenario: { main: [ get: / ] }\n";

    private readonly TempDirectory _dir = new();

    public DataSchemaTests() => Directory.CreateDirectory(System.IO.Path.Combine(_dir.Path, "plans"));

    public void Dispose() => _dir.Dispose();

    private string PlanFile(string data) => _dir.Write("plans/p.yaml", Head + data);

    private List<string> Errors(string data)
    {
        var path = PlanFile(data);
        var e = Assert.Throws<PlanException>(() => PlanLoader.LoadFile(path));
        return e.Errors.Select(x => x.ToString().Replace(path, "P", StringComparison.Ordinal).Replace(_dir.Path, "D", StringComparison.Ordinal)).ToList();
    }

    [Fact]
    public void Read_CsvAndJson_RelativeToThePlan_WithOrderAndBinding()
    {
        _dir.Write("plans/users.csv", "name,password\nalice,\"se,cret\"\n\nbob,x\n");
        _dir.Write("items.json", """[{"id": 1, "name": "one", "tags": ["a"]}, {"name": "two", "id": 2.5, "tags": null}]""");
        var plan = PlanLoader.LoadFile(PlanFile("""
            data:
              users: { csv: users.csv, order: unique, bind: iteration, columns: [password] }
              items: { json: ../items.json }
            """));

        var users = plan.Data[0];
        Assert.Equal(("users", DataFormat.Csv, DataOrder.Unique, DataBinding.Iteration), (users.Name, users.Format, users.Order, users.Bind));
        Assert.Equal(System.IO.Path.Combine(_dir.Path, "plans", "users.csv"), users.Path);
        Assert.Equal(["name", "password"], users.Columns);
        Assert.Equal(["alice|se,cret", "bob|x"], users.Rows.Select(r => string.Join("|", r)));
        Assert.Equal(["users.name", "users.password"], users.Variables);
        Assert.Equal((5, 3), (users.Position.Line, users.Position.Column));
        var items = plan.Data[1];
        Assert.Equal((DataOrder.Circular, DataBinding.User), (items.Order, items.Bind));
        Assert.Equal(["id", "name", "tags"], items.Columns);
        Assert.Equal(["1|one|[\"a\"]", "2.5|two|"], items.Rows.Select(r => string.Join("|", r)));
    }

    [Fact]
    public void Read_MissingFilesBadRowsAndColumns_AllReported_AtTheEntry()
    {
        _dir.Write("plans/short.csv", "a,b\n1,2\n3\n4,5,6\n");
        _dir.Write("plans/dupes.csv", "a,a, b\n1,2,3\n");
        _dir.Write("plans/empty.csv", "");
        _dir.Write("plans/header-only.csv", "a,b\n");
        _dir.Write("plans/ragged.json", """[{"a": 1}, {"b": 2}, 3]""");
        _dir.Write("plans/ok.csv", "name,pass\nx,y\n");
        _dir.Write("plans/ok.json", "[{\"name\": \"x\"}]");

        var errors = Errors("""
            data:
              missing: { csv: nope.csv }
              short: { csv: short.csv }
              dupes: { csv: dupes.csv }
              empty: { csv: empty.csv }
              header: { csv: header-only.csv }
              ragged: { json: ragged.json }
              cols: { csv: ok.csv, columns: [name, passs, login] }
              both: { csv: ok.csv, json: ok.json }
              none: { order: random }
              bad: { csv: ok.csv, order: shuffled, bind: session }
            """);

        Assert.Equal(
            [
                "P:5:19: data.missing.csv: data file not found: D/plans/nope.csv",
                "P:6:17: data.short.csv: D/plans/short.csv:3: 1 fields, but the header names 2 columns",
                "P:6:17: data.short.csv: D/plans/short.csv:4: 3 fields, but the header names 2 columns",
                "P:7:17: data.dupes.csv: column 'a' appears twice",
                "P:7:17: data.dupes.csv: column 3 ' b' cannot be a variable name (no spaces, '$', '{' or '}')",
                "P:8:17: data.empty.csv: D/plans/empty.csv is empty; expected a header row naming the columns",
                "P:9:18: data.header.csv: D/plans/header-only.csv has no rows",
                "P:10:19: data.ragged.json: D/plans/ragged.json: item 2 has 'b', which the first item does not have",
                "P:10:19: data.ragged.json: D/plans/ragged.json: item 2 lacks 'a'",
                "P:10:19: data.ragged.json: D/plans/ragged.json: item 3 is not an object",
                "P:11:40: data.cols.columns[1]: column 'passs' is not in D/plans/ok.csv (its columns: name, pass); did you mean 'pass'?",
                "P:11:47: data.cols.columns[2]: column 'login' is not in D/plans/ok.csv (its columns: name, pass)",
                "P:12:24: data.both: a data entry reads one file; found both 'csv' and 'json'",
                "P:13:9: data.none: needs its file: 'csv: FILE' (with a header row) or 'json: FILE' (a list of objects)",
                "P:14:30: data.bad.order: unknown value 'shuffled'; expected one of: circular, random, unique",
                "P:14:46: data.bad.bind: unknown value 'session'; expected one of: user, iteration",
            ],
            errors);
    }

    [Fact]
    public void AColumnTheFileLacks_IsNamedWithTheColumnsItHas_AndASemicolonFileIsSuspected()
    {
        // Said "declare it under 'variables', set it with 'set'..." before, of a column a user sees in the file.
        _dir.Write("plans/semi.csv", "name;password\nalice;a1\n");
        _dir.Write("plans/users.csv", "name,password\nalice,a1\n");
        var path = _dir.Write("plans/p.yaml", """
            target: builtin
            load: { users: 1, iterations: 1 }
            data: { semi: { csv: semi.csv }, users: { csv: users.csv } }
            scenario:
              main:
                - get: /${semi.name}
                - get: /${users.login}
            """);

        var errors = Assert.Throws<PlanException>(() => PlanLoader.LoadFile(path)).Errors.Select(e => e.Message).ToList();

        Assert.Equal(2, errors.Count);
        Assert.Equal("scenario.main[0].get: unknown variable 'semi.name'; data 'semi' has the column(s) 'name;password' (one column: are its fields separated by something else than commas? A csv file's are separated by commas)", errors[0]);
        Assert.Equal("scenario.main[1].get: unknown variable 'users.login'; data 'users' has the column(s) 'name', 'password'", errors[1]);
    }
}
