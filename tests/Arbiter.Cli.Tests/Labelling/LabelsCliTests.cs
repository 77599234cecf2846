using System.Text.Json;

namespace Arbiter.Cli.Tests.Labelling;

public sealed class LabelsCliTests
{
    [Fact]
    public async Task Agreement_prints_json_and_table_and_names_the_bad_line()
    {
        var dir = Directory.CreateTempSubdirectory("arbiter-labels-").FullName;
        try
        {
            var rows = string.Join('\n', Enumerable.Range(0, 50).Select(i =>
                // The Wikipedia Cohen example: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no.
                i < 20 ? $"{i},a,yes\n{i},b,yes" : i < 25 ? $"{i},a,yes\n{i},b,no" : i < 35 ? $"{i},a,no\n{i},b,yes" : $"{i},a,no\n{i},b,no"));
            File.WriteAllText(Path.Combine(dir, "l.csv"), "item,labeller,label\n" + rows + "\n");
            var (code, output, err) = await CliProcess.RunAsync(dir, null, "labels", "agreement", "l.csv", "--format", "json", "--rounds", "100");
            Assert.True(code == 0, err);
            using var json = JsonDocument.Parse(output);
            Assert.Equal(0.4, json.RootElement.GetProperty("overall").GetProperty("cohenKappa").GetProperty("value").GetDouble(), 12);

            (code, output, err) = await CliProcess.RunAsync(dir, null, "labels", "agreement", "l.csv");
            Assert.True(code == 0, err);
            Assert.Contains("0.400 [", output, StringComparison.Ordinal);

            File.WriteAllText(Path.Combine(dir, "bad.csv"), "item,labeller,label\n1,a,yes\n1,a,no\n");
            (code, _, err) = await CliProcess.RunAsync(dir, null, "labels", "agreement", "bad.csv");
            Assert.Equal(2, code);
            Assert.Contains("bad.csv:3:1: labeller 'a' labelled item '1' twice", err, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
