using System.Text.Json;
using Arbiter.Engine.Config;
using Arbiter.Engine.Mera;
using Arbiter.Engine.Suites;

namespace Arbiter.Engine.Tests.Mera;

public sealed class MeraTaskLoaderTests
{
    internal static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Mera", name);

    [Fact]
    public void The_train_split_formats_the_instruction_over_inputs_and_keeps_the_answer()
    {
        var suite = MeraTaskLoader.Load(Fixture("ruMMLU.json"), "train");

        var item = Assert.Single(suite.Items);
        Assert.Equal(("mera-ruMMLU", "ru", false, "normalized"), (suite.Id, suite.Language, suite.SubmitOnly, suite.Scorer.Kind));
        Assert.Equal(("666", "B"), (item.Id, item.Target));
        Assert.StartsWith("Задание содержит вопрос по теме математика и 4 варианта ответа A, B, C, D", item.Question, StringComparison.Ordinal);
        // Braces inside an input value are text, not fields.
        Assert.Contains("B = {m + n : (m, n) \\in A}?\n\nA -5\nB -4\nC -3\nD -2\nЗапишите букву правильного ответа\nОтвет:", item.Question, StringComparison.Ordinal);
        Assert.Equal("college_mathematics", item.Metadata["domain"]);
    }

    [Fact]
    public void A_test_split_with_hidden_answers_is_submit_only_and_task_json_takes_its_folder_name()
    {
        var mmlu = MeraTaskLoader.Load(Fixture("ruMMLU.json"));
        var parus = SuiteLoader.Load(Fixture(Path.Combine("PARus", "task.json")));

        Assert.True(mmlu.SubmitOnly);
        Assert.Null(Assert.Single(mmlu.Items).Target);
        Assert.Equal(("mera-PARus", true, "effect"), (parus.Id, parus.SubmitOnly, parus.Items[0].Metadata["task"]));
        Assert.StartsWith("Дано описание ситуации:\n'Власти пообещали сохранить в тайне личность жертвы преступления.'\nи два фрагмента текста:\n1. Жертва", parus.Items[0].Question, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_list_with_string_inputs_loads_through_the_suite_loader()
    {
        var suite = SuiteLoader.Load(Fixture("SimpleAr.json"));

        var item = Assert.Single(suite.Items);
        Assert.Equal(("679", "Выполните арифметическую операцию.\n901 + 164 =", "1065"), (item.Id, item.Question, item.Target));
    }

    [Theory]
    [InlineData("Ответ {{не поле}}: {x}", "{\"x\": \"1\"}", "Ответ {не поле}: 1")]
    [InlineData("{inputs}!", "\"q\"", "q!")]
    [InlineData("{n} + {n}", "{\"n\": 2}", "2 + 2")]
    public void Instructions_format_as_python_str_format(string instruction, string inputs, string expected)
    {
        using var doc = JsonDocument.Parse(inputs);
        Assert.Equal(expected, MeraTaskLoader.Format(instruction, doc.RootElement, m => new InvalidOperationException(m)));
    }

    [Fact]
    public void An_instruction_naming_a_missing_input_is_an_error_naming_the_item_and_field()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("arbiter-mera-").FullName, "BPS.json");
        File.WriteAllText(path, """{"data": {"test": [{"instruction": "{inputs}", "inputs": "()", "outputs": "", "meta": {"id": 0}}, {"instruction": "{seq}", "inputs": {"sequence": "()"}, "outputs": "", "meta": {"id": 1}}]}}""");

        var ex = Assert.Throws<ConfigException>(() => MeraTaskLoader.Load(path));
        Assert.Equal($"{path}:1:1: data.test[1]: 'instruction' uses {{seq}} but 'inputs' has no field 'seq'", ex.Message);
        Assert.Contains("no 'validation' split (it has: test)", Assert.Throws<ConfigException>(() => MeraTaskLoader.Load(path, "validation")).Message, StringComparison.Ordinal);
    }
}
