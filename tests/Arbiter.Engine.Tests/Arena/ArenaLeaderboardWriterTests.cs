using System.Globalization;
using Arbiter.Engine.Arena;

namespace Arbiter.Engine.Tests.Arena;

public sealed class ArenaLeaderboardWriterTests
{
    [Theory]
    [InlineData(1000, 1015.61, 984.39, "+15.61/-15.61")]
    // A bootstrap of few battles can put a bound on the wrong side of the point: each offset keeps its own sign.
    [InlineData(627.74, 702.85, 1139.78, "+512.04/+75.11")]
    [InlineData(1000, 996.9, 984.39, "-3.10/-15.61")]
    [InlineData(1000, 1000, 1000, "+0.00/+0.00")]
    public void Interval_bounds_are_offsets_each_with_its_own_sign(double rating, double lower, double upper, string expected)
    {
        // The "+-15.61" came from a literal '+' before a negative number; ru-RU must not change the decimal point either.
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("ru-RU");
        try
        {
            var row = new ArenaRow(1, "m", rating, Math.Min(lower, upper), Math.Max(lower, upper), 10, 5, 5, 0);
            Assert.Equal(expected, ArenaLeaderboardWriter.Interval(row));
            Assert.DoesNotContain("+-", ArenaLeaderboardWriter.Markdown([row], "t"), StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }
}
