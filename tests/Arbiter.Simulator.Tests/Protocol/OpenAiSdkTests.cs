using System.ClientModel;
using System.Text;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiChatRole = Microsoft.Extensions.AI.ChatRole;
using ChatFinishReason = OpenAI.Chat.ChatFinishReason;

#pragma warning disable OPENAI001 // Seed is marked experimental in the SDK; the runner relies on it.

namespace Arbiter.Simulator.Tests.Protocol;

/// <summary>The official SDKs must be able to talk to the simulator in both forms.</summary>
public sealed class OpenAiSdkTests
{
    private static ChatClient Client(SimulatedModelServer server, string model, string key = "k") =>
        new(model, new ApiKeyCredential(key), new OpenAIClientOptions { Endpoint = server.BaseUrl });

    [Fact]
    public async Task OpenAI_ChatClient_completes_and_streams()
    {
        await using var server = await Sim.StartAsync();
        var client = Client(server, "sim-huanghe-72b");
        var options = new ChatCompletionOptions { Seed = 7, MaxOutputTokenCount = 400 };
        List<OpenAI.Chat.ChatMessage> messages = [new SystemChatMessage("Be helpful."), new UserChatMessage("Describe the Yellow River.")];

        ChatCompletion completion = (await client.CompleteChatAsync(messages, options, Sim.Ct)).Value;

        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Equal("sim-huanghe-72b", completion.Model);
        string text = completion.Content[0].Text;
        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.True(completion.Usage.InputTokenCount > 0);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);

        var streamed = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;
        await foreach (var update in client.CompleteChatStreamingAsync(messages, options, Sim.Ct))
        {
            foreach (var part in update.ContentUpdate)
            {
                streamed.Append(part.Text);
            }

            if (update.FinishReason is { } reason)
            {
                finish = reason;
            }

            usage ??= update.Usage;
        }

        Assert.Equal(text, streamed.ToString());
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.Equal(completion.Usage.OutputTokenCount, usage.OutputTokenCount);
    }

    [Fact]
    public async Task OpenAI_ChatClient_sync_api_works_too()
    {
        await using var server = await Sim.StartAsync();
        var client = Client(server, "sim-open-8b");

        ChatCompletion completion = client.CompleteChat([new UserChatMessage("Hello")], cancellationToken: Sim.Ct).Value;
        var updates = client.CompleteChatStreaming([new UserChatMessage("Hello")], cancellationToken: Sim.Ct).ToList();

        Assert.Equal(completion.Content[0].Text, string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)));
    }

    [Fact]
    public async Task OpenAI_ChatClient_surfaces_length_and_content_filter_finish_reasons()
    {
        var filtered = SimModelProfile.Simple("sim-filtered", 0.5) with { Faults = new FaultProfile { RateContentFilter = 1 } };
        await using var server = await Sim.StartAsync(SimModelProfile.Simple("sim-plain", 0.5), filtered);

        var cut = (await Client(server, "sim-plain").CompleteChatAsync([new UserChatMessage("Write an essay about ships.")],
            new ChatCompletionOptions { MaxOutputTokenCount = 4 }, Sim.Ct)).Value;
        var blocked = (await Client(server, "sim-filtered").CompleteChatAsync([new UserChatMessage("Anything")], cancellationToken: Sim.Ct)).Value;

        Assert.Equal(ChatFinishReason.Length, cut.FinishReason);
        Assert.Equal(ChatFinishReason.ContentFilter, blocked.FinishReason);
    }

    [Fact]
    public async Task Microsoft_Extensions_AI_IChatClient_completes_and_streams()
    {
        await using var server = await Sim.StartAsync();
        IChatClient client = Client(server, "sim-volga-pro").AsIChatClient();
        List<AiChatMessage> messages = [new(AiChatRole.User, "Расскажи о Волге.")];
        var options = new ChatOptions { Seed = 11 };

        var response = await client.GetResponseAsync(messages, options, Sim.Ct);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(messages, options, Sim.Ct))
        {
            updates.Add(update);
        }

        Assert.Equal(Microsoft.Extensions.AI.ChatFinishReason.Stop, response.FinishReason);
        Assert.Contains(response.Text, c => c is >= 'а' and <= 'я');
        Assert.Equal(response.Text, updates.ToChatResponse().Text);
        Assert.True(response.Usage?.OutputTokenCount > 0);
    }

    [Fact]
    public async Task Wrong_api_key_fails_through_the_SDK_without_echoing_the_key()
    {
        await using var server = await Sim.StartAsync(new SimServerOptions { ExpectedApiKey = "right-key" });

        var ok = await Client(server, "sim-open-8b", "right-key").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Sim.Ct);
        var ex = await Assert.ThrowsAsync<ClientResultException>(() =>
            Client(server, "sim-open-8b", "wrong-secret-123").CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Sim.Ct));

        Assert.NotNull(ok.Value);
        Assert.Equal(401, ex.Status);
        Assert.DoesNotContain("wrong-secret-123", ex.Message, StringComparison.Ordinal);
    }
}
