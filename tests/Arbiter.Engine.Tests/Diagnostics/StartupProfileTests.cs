using Arbiter.Engine.Diagnostics;

namespace Arbiter.Engine.Tests.Diagnostics;

public sealed class StartupProfileTests
{
    private static Func<string, string?> Env(params (string Key, string Value)[] vars) =>
        key => vars.FirstOrDefault(v => v.Key == key).Value;

    [Fact]
    public void The_variable_names_the_directory_and_off_turns_profiles_off()
    {
        Assert.Equal(Path.GetFullPath("/srv/profiles"), StartupProfile.DirectoryFor(Env((StartupProfile.DirectoryVariable, "/srv/profiles"), ("HOME", "/home/u"))));
        Assert.Null(StartupProfile.DirectoryFor(Env((StartupProfile.DirectoryVariable, "off"), ("HOME", "/home/u"))));
        Assert.Null(StartupProfile.DirectoryFor(Env((StartupProfile.DirectoryVariable, " OFF "), ("HOME", "/home/u"))));
    }

    [Fact]
    public void Otherwise_the_users_cache_directory_holds_them()
    {
        if (OperatingSystem.IsWindows()) return;
        Assert.Equal("/home/u/.cache/arbiter/jit", StartupProfile.DirectoryFor(Env(("HOME", "/home/u"))));
        Assert.Equal("/var/cache/u/arbiter/jit", StartupProfile.DirectoryFor(Env(("XDG_CACHE_HOME", "/var/cache/u"), ("HOME", "/home/u"))));
        // The XDG rule: a relative XDG_CACHE_HOME is invalid and ignored.
        Assert.Equal("/home/u/.cache/arbiter/jit", StartupProfile.DirectoryFor(Env(("XDG_CACHE_HOME", "cache"), ("HOME", "/home/u"))));
        Assert.Null(StartupProfile.DirectoryFor(Env()));
    }

    [Theory]
    [InlineData("../run")]
    [InlineData("run/x")]
    [InlineData("run.jitprofile")]
    public void A_command_name_cannot_reach_outside_the_directory(string name) =>
        Assert.Throws<ArgumentException>(() => StartupProfile.Start(name));
}
