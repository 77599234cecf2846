using System.Globalization;

namespace Arbiter.Engine.Frontier;

/// <summary>Dates and day counts as the frontier reports write them.</summary>
public static class FrontierDates
{
    /// <summary>Average days per month used to convert lags (365.25 / 12, rounded as the issue fixes it).</summary>
    public const double DaysPerMonth = 30.44;

    /// <summary><c>YYYY-MM-DD</c>, culture-invariant (the Gregorian calendar, whatever the user's culture).</summary>
    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Parses <c>YYYY-MM-DD</c>, or null.</summary>
    public static DateOnly? TryParse(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    /// <summary>Days as months.</summary>
    public static double Months(double days) => days / DaysPerMonth;
}
