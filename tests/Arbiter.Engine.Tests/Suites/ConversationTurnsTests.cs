using Arbiter.Core.Suites;
using Arbiter.Engine.Config;
using Arbiter.Engine.Suites;

namespace Arbiter.Engine.Tests.Suites;

/// <summary>Conversation items with tool calls and tool results (OpenAI Chat Completions message shapes).</summary>
public sealed class ConversationTurnsTests
{
    private const string User = """{"role":"user","content":"Weather in Paris?"}""";
    private const string Call = """{"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]}""";
    private const string Result = """{"role":"tool","tool_call_id":"call_1","content":"18 C"}""";

    private static List<SuiteItem> Read(params string[] inputs) =>
        JsonlItems.Read("tools.jsonl", new StringReader(string.Join('\n', inputs.Select((input, i) => $$"""{"id":"i{{i}}","input":[{{input}}],"target":"18"}"""))), "t-");

    [Fact]
    public void Tool_calls_and_results_are_read_into_the_turns_and_the_question_stays_the_users()
    {
        var item = Read($"{User},{Call},{Result}")[0];

        Assert.Equal(["user", "assistant", "tool"], item.Input.Select(t => t.Role));
        var call = Assert.Single(item.Input[1].ToolCalls!);
        Assert.Equal(new ToolCall("call_1", "get_weather", """{"city":"Paris"}"""), call);
        Assert.Equal("", item.Input[1].Content);
        Assert.Equal("call_1", item.Input[2].ToolCallId);
        Assert.Equal("18 C", item.Input[2].Content);
        Assert.Equal("Weather in Paris?", item.Question);
    }

    [Fact]
    public void Arguments_written_as_an_object_are_kept_as_compact_json_text()
    {
        var item = Read(User + """,{"role":"assistant","content":"Checking.","tool_calls":[{"id":"a","function":{"name":"f","arguments":{"x": [1, 2]}}}]},{"role":"tool","tool_call_id":"a","content":"ok"}""")[0];
        Assert.Equal("""{"x":[1,2]}""", item.Input[1].ToolCalls![0].Arguments);
        Assert.Equal("Checking.", item.Input[1].Content);
    }

    [Fact]
    public void The_rendered_prompt_keeps_the_tool_turns_after_the_rendered_question()
    {
        var item = Read($"{User},{Call},{Result}")[0];
        var suite = new Suite("s", "1", "general", "en", Confidentiality.Public, ScorerSpec.Auto, [item]) { SystemPrompt = "Be brief.", PromptTemplate = "Q: {question}" };

        var messages = PromptRenderer.Render(suite, item);

        Assert.Equal(["system", "user", "assistant", "tool"], messages.Select(m => m.Role));
        Assert.Equal("Q: Weather in Paris?", messages[1].Content);
        Assert.Same(item.Input[1], messages[2]);
        Assert.Same(item.Input[2], messages[3]);
    }

    [Theory]
    [InlineData("""{"role":"tool","content":"18 C"}""", "input[2].tool_call_id is missing")]
    [InlineData("""{"role":"tool","tool_call_id":"call_9","content":"18 C"}""", "input[2].tool_call_id 'call_9' answers no tool call")]
    [InlineData("""{"role":"tool","tool_call_id":"call_1","content":{"t":18}}""", "input[2].content must be a string")]
    [InlineData("""{"role":"tool","tool_call_id":"call_1"}""", "input[2].content is missing")]
    [InlineData("""{"role":"user","content":"and?"}""", "call_1 have no 'tool' message answering them before this user turn")]
    [InlineData("""{"role":"function","content":"18"}""", "input[2].role must be system, user, assistant or tool")]
    public void A_malformed_tool_turn_names_file_line_and_field(string third, string message)
    {
        var ex = Assert.Throws<ConfigException>(() => Read($"{User},{Call},{Result}", $"{User},{Call},{third}"));
        Assert.StartsWith("tools.jsonl:2:", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"role":"assistant","tool_calls":[{"id":"c","function":{"name":"f","arguments":"{not json"}}]}""", "input[1].tool_calls[0].function.arguments is not valid JSON")]
    [InlineData("""{"role":"assistant","tool_calls":[{"id":"c","function":{"name":"f","arguments":"[1]"}}]}""", "input[1].tool_calls[0].function.arguments must hold a JSON object")]
    [InlineData("""{"role":"assistant","tool_calls":[{"id":"c","function":{"arguments":"{}"}}]}""", "input[1].tool_calls[0].function.name is missing")]
    [InlineData("""{"role":"assistant","tool_calls":[{"function":{"name":"f","arguments":"{}"}}]}""", "input[1].tool_calls[0].id is missing")]
    [InlineData("""{"role":"assistant","tool_calls":[{"id":"c","type":"retrieval","function":{"name":"f","arguments":"{}"}}]}""", "input[1].tool_calls[0].type must be \"function\"")]
    [InlineData("""{"role":"assistant","tool_calls":[]}""", "input[1].tool_calls must be a non-empty list")]
    public void A_malformed_tool_call_names_the_field(string assistant, string message)
    {
        var ex = Assert.Throws<ConfigException>(() => Read($$$"""{{{User}}},{{{assistant}}},{"role":"tool","tool_call_id":"c","content":"x"}"""));
        Assert.StartsWith("tools.jsonl:1:", ex.Message, StringComparison.Ordinal);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_call_left_unanswered_at_the_end_is_an_error()
    {
        var ex = Assert.Throws<ConfigException>(() => Read($"{User},{Call}"));
        Assert.Contains("tool call(s) call_1 have no 'tool' message answering them", ex.Message, StringComparison.Ordinal);
    }
}
