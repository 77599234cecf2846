using Arbiter.Core.Suites;
using Arbiter.Engine.Config;
using Arbiter.Engine.Suites;

namespace Arbiter.Engine.Tests.Suites;

/// <summary>Items written in suite.yaml itself, conversations with tool calls included, read and checked as JSONL items are.</summary>
public sealed class YamlToolItemsTests
{
    private const string Head = "id: tools\nversion: \"1\"\nscorer: contains\nitems:\n";

    // A weather lookup answered by a tool, as OpenAI's Chat Completions shapes it, written as YAML.
    private const string Weather = """
          - id: paris
            input:
              - role: user
                content: Weather in Paris?
              - role: assistant
                tool_calls:
                  - id: call_1
                    type: function
                    function:
                      name: get_weather
                      arguments: {city: Paris, days: 1}
              - role: tool
                tool_call_id: call_1
                content: 18
            target: 18
        """;

    private static Suite Load(string yaml) =>
        SuiteLoader.LoadManifest("suite.yaml", new StringReader(yaml), _ => throw new FileNotFoundException(), p => p);

    [Fact]
    public void A_yaml_conversation_with_a_tool_call_and_its_result_reads_like_the_jsonl_one()
    {
        var suite = Load(Head + Weather);

        var item = Assert.Single(suite.Items);
        Assert.Equal(("paris", "18"), (item.Id, item.Target));
        Assert.Equal(["user", "assistant", "tool"], item.Input.Select(t => t.Role));
        // The arguments mapping becomes a JSON object with YAML's number; the tool's "18" stays text.
        Assert.Equal(new ToolCall("call_1", "get_weather", """{"city":"Paris","days":1}"""), Assert.Single(item.Input[1].ToolCalls!));
        Assert.Equal(("call_1", "18"), (item.Input[2].ToolCallId, item.Input[2].Content));

        // The same conversation as a JSONL line gives the same turns.
        var jsonl = JsonlItems.Read("tools.jsonl", new StringReader("""
            {"id":"paris","input":[{"role":"user","content":"Weather in Paris?"},{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\",\"days\":1}"}}]},{"role":"tool","tool_call_id":"call_1","content":"18"}],"target":"18"}
            """), "t-")[0];
        Assert.Equal(jsonl.Input.Select(t => (t.Role, t.Content, t.ToolCallId, t.ToolCalls?[0])), item.Input.Select(t => (t.Role, t.Content, t.ToolCallId, t.ToolCalls?[0])));
    }

    [Theory]
    // A tool result that answers no call: the error is at its tool_call_id.
    [InlineData("tool_call_id: call_1", "tool_call_id: call_9", 17, 23, "input[2].tool_call_id 'call_9' answers no tool call of the assistant turn before it")]
    // A call without its function name: at the function mapping.
    [InlineData("name: get_weather\n", "nom: get_weather\n", 14, 15, "input[1].tool_calls[0].function.name is missing")]
    // A call nobody answered before the next user turn: at that message.
    [InlineData("- role: tool\n        tool_call_id: call_1\n        content: 18\n", "- role: user\n        content: And tomorrow?\n", 16, 9, "tool call(s) call_1 have no 'tool' message answering them before this user turn")]
    public void A_malformed_tool_message_is_an_error_at_its_file_line_and_column(string from, string to, long line, long column, string message)
    {
        var ex = Assert.Throws<ConfigException>(() => Load(Head + Weather.Replace(from, to, StringComparison.Ordinal)));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
        Assert.Equal(("suite.yaml", line, column), (ex.File, ex.Line, ex.Column));
    }

    [Fact]
    public void Duplicate_ids_and_items_that_are_not_mappings_are_errors_at_their_line()
    {
        var twice = Assert.Throws<ConfigException>(() => Load(Head + Weather + "\n" + Weather));
        Assert.Contains("duplicate item id 'paris'", twice.Message, StringComparison.Ordinal);
        Assert.Equal(20L, twice.Line); // the second item's id

        var scalar = Assert.Throws<ConfigException>(() => Load(Head + "  - just a question\n"));
        Assert.Equal((5L, "each item must be a mapping {id, input, target…}"), (scalar.Line, scalar.Reason));

        var format = Assert.Throws<ConfigException>(() => Load(Head.Replace("scorer: contains\n", "format: mmlu\n", StringComparison.Ordinal) + Weather));
        Assert.Contains("items written in suite.yaml are native items", format.Message, StringComparison.Ordinal);
    }
}
