using System.Text.Json;

namespace Arbiter.Cli.Tests.Hosting;

/// <summary>
/// The runtime settings the CLI ships in arbiter.runtimeconfig.json (the performance section of the README measures
/// them): a lost MSBuild item or property would silently cost CPU and memory on every command.
/// </summary>
public sealed class RuntimeConfigTests
{
    [Fact]
    public void The_cli_ships_its_tiering_and_gc_settings()
    {
        string path = Path.Combine(AppContext.BaseDirectory, "arbiter.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal(0, properties.GetProperty("System.Runtime.TieredCompilation.CallCountingDelayMs").GetInt32());
        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        Assert.True(properties.GetProperty("System.GC.Concurrent").GetBoolean());
    }
}
