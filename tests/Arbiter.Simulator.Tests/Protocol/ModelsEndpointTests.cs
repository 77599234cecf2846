using System.Text.Json;

namespace Arbiter.Simulator.Tests.Protocol;

public sealed class ModelsEndpointTests
{
    [Fact]
    public async Task Lists_every_model_in_OpenAI_list_format_owned_by_the_simulation()
    {
        await using var server = await Sim.StartAsync();
        using var http = new HttpClient();

        string text = await http.GetStringAsync(new Uri(server.BaseUrl + "/models"), Sim.Ct);
        var root = JsonDocument.Parse(text).RootElement;

        Assert.Equal("list", root.GetProperty("object").GetString());
        var data = root.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(SimModelZoo.Default.Select(m => m.Name).Order(StringComparer.Ordinal), data.Select(m => m.GetProperty("id").GetString()));
        Assert.All(data, m =>
        {
            Assert.Equal("model", m.GetProperty("object").GetString());
            Assert.Equal("arbiter-simulation", m.GetProperty("owned_by").GetString());
            Assert.True(m.GetProperty("created").GetInt64() > 0);
        });
    }

    [Fact]
    public async Task Binds_loopback_and_base_url_ends_in_v1()
    {
        await using var server = await Sim.StartAsync();

        Assert.Equal("127.0.0.1", server.BaseUrl.Host);
        Assert.NotEqual(0, server.BaseUrl.Port);
        Assert.EndsWith("/v1", server.BaseUrl.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_zoo_is_clearly_simulated_and_varied()
    {
        Assert.Equal(5, SimModelZoo.Default.Count);
        Assert.All(SimModelZoo.Default, m =>
        {
            Assert.StartsWith("sim-", m.Name, StringComparison.Ordinal);
            Assert.Contains("simulated", m.DisplayLabel, StringComparison.OrdinalIgnoreCase);
            foreach (string language in new[] { "en", "ru", "zh" })
            {
                Assert.InRange(m.AbilityFor("general", language), 0.35, 0.9);
            }
        });
        Assert.Contains(SimModelZoo.Default, m => m.EmitsThinking);
    }
}
