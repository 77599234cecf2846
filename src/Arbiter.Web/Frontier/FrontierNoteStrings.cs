using Arbiter.Engine.Frontier;
using Arbiter.Web.Localization;

namespace Arbiter.Web.Frontier;

/// <summary>The Engine's notes on the frontier data in the UI's language: the Engine says what, the web's string tables say it.</summary>
internal static class FrontierNoteStrings
{
    public static FrontierNoteText For(UiText t) => new()
    {
        Duplicates = t["frontier.note.duplicates"],
        RunsWithoutSamples = t["frontier.note.runsWithoutSamples"],
        ArenaPreliminary = t["frontier.note.arenaPreliminary"],
        ArenaRatings = t["frontier.note.arenaRatings"],
        NoCountry = t["frontier.note.noCountry"],
        NoOrganization = t["frontier.note.noOrganization"],
        NoWeights = t["frontier.note.noWeights"],
        NoReleaseDate = t["frontier.note.noReleaseDate"],
        ReleasedAfter = t["frontier.note.releasedAfter"],
        DataAge = t["frontier.note.dataAge"],
        NoReference = t["frontier.note.noReference"],
    };
}
