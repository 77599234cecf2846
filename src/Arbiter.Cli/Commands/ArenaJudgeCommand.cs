using System.CommandLine;

namespace Arbiter.Cli.Commands;

/// <summary><c>arbiter arena judge</c>: placeholder until the judge pipeline lands.</summary>
internal static class ArenaJudgeCommand
{
    public static Command Create() => new("judge", "LLM-as-judge battles against a baseline (Arena-Hard style).");
}
