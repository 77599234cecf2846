using System.Text.Json;

namespace Arbiter.Cli.Tests;

/// <summary>The runtime settings the CLI ships with (its runtimeconfig.json, read by the runtime before any code runs).</summary>
public sealed class RuntimeSettingsTests
{
    private static JsonElement ConfigProperties()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "arbiter.runtimeconfig.json")));
        return doc.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Fact]
    public void Hot_code_tiers_up_without_waiting_for_start_up_to_settle()
    {
        var delay = ConfigProperties().GetProperty("System.Runtime.TieredCompilation.CallCountingDelayMs");

        Assert.Equal("0", delay.ValueKind == JsonValueKind.Number ? delay.GetRawText() : delay.GetString());
    }

    [Fact]
    public void Profile_guided_re_jit_stays_off_and_background_gc_on()
    {
        var config = ConfigProperties();

        Assert.False(config.GetProperty("System.Runtime.TieredPGO").GetBoolean());
        Assert.True(config.GetProperty("System.GC.Concurrent").GetBoolean());
    }
}
