using System.Globalization;

namespace Arbiter.Simulator;

/// <summary>Parsing and locale-flavoured formatting of numeric answers.</summary>
internal static class NumericAnswer
{
    public static bool TryParse(string text, out double value, out int decimals)
    {
        string trimmed = text.Trim();
        decimals = 0;
        if (!double.TryParse(trimmed, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value)
            || double.IsNaN(value) || double.IsInfinity(value))
        {
            return false;
        }

        int dot = trimmed.IndexOf('.', StringComparison.Ordinal);
        if (dot >= 0 && !trimmed.Contains('e', StringComparison.OrdinalIgnoreCase))
        {
            decimals = Math.Min(6, trimmed.Length - dot - 1);
        }

        return true;
    }

    private static readonly NumberFormatInfo RussianFormat = new()
    {
        NumberDecimalSeparator = ",",
        NumberGroupSeparator = " ",
        NegativeSign = "-",
    };

    /// <summary>Plain or grouped, with the language's decimal separator.</summary>
    public static string Format(double value, int decimals, string language, bool grouped)
    {
        string format = (grouped ? "N" : "F") + decimals.ToString(CultureInfo.InvariantCulture);
        return language == SimLanguage.Russian
            ? value.ToString(format, RussianFormat)
            : value.ToString(format, CultureInfo.InvariantCulture);
    }
}

/// <summary>Numeric replies: a short reasoning sentence, then the number (sometimes grouped, sometimes with a unit).</summary>
internal static class NumericAnswers
{
    private static readonly string[] English =
    [
        "{0}", "The answer is {0}.", "Let's compute this step by step. Combining the given quantities, we get {0}.",
        "Working through the calculation carefully, the result is {0}.", "**Answer:** {0}",
    ];

    private static readonly string[] Russian =
    [
        "{0}", "Ответ: {0}.", "Решим по шагам. Объединяя данные величины, получаем {0}.", "Итого: {0}",
    ];

    private static readonly string[] Chinese = ["{0}", "答案是{0}。", "逐步计算，可得结果为{0}。", "最终答案：{0}"];

    private static readonly string[] Units =
    [
        "km", "kg", "meters", "metres", "seconds", "hours", "minutes", "dollars", "apples", "cm", "liters",
        "км", "кг", "метров", "секунд", "часов", "минут", "рублей", "яблок", "литров",
        "公里", "千克", "米", "秒", "小时", "分钟", "元", "个",
    ];

    public static string Write(SimKnowledgeEntry entry, bool correct, string language, ref DetRandom rng)
    {
        if (!NumericAnswer.TryParse(entry.Answer, out double value, out int decimals))
        {
            return entry.Answer; // callers check first; kept total for safety
        }

        double shown = correct ? value : Wrong(value, decimals, ref rng);
        bool grouped = Math.Abs(shown) >= 1000 && rng.Chance(0.5);
        string number = NumericAnswer.Format(shown, decimals, language, grouped);

        string? unit = UnitIn(entry.Question);
        if (unit is not null && rng.Chance(0.35))
        {
            number += language == SimLanguage.Chinese ? unit : " " + unit;
        }

        string[] forms = language switch
        {
            SimLanguage.Russian => Russian,
            SimLanguage.Chinese => Chinese,
            _ => English,
        };
        return string.Format(CultureInfo.InvariantCulture, rng.Pick(forms), number);
    }

    /// <summary>A plausible near miss: off by a little for integers, a few to thirty percent otherwise.</summary>
    private static double Wrong(double value, int decimals, ref DetRandom rng)
    {
        double sign = rng.Chance(0.5) ? 1 : -1;
        double step = Math.Pow(10, -decimals);
        double wrong;
        if (decimals == 0 && Math.Abs(value) < 1e12)
        {
            double spread = Math.Max(3, Math.Floor(Math.Abs(value) * 0.2));
            wrong = value + sign * (1 + rng.Next((int)Math.Min(spread, 1_000_000)));
        }
        else
        {
            wrong = Math.Round(value * (1 + sign * (0.05 + 0.25 * rng.NextDouble())), Math.Min(decimals, 15));
        }

        return Math.Abs(wrong - value) < step / 2 ? value + sign * step * (1 + rng.Next(9)) : wrong;
    }

    private static string? UnitIn(string question)
    {
        foreach (string unit in Units)
        {
            int at = question.IndexOf(unit, StringComparison.OrdinalIgnoreCase);
            bool cjk = SimLanguage.IsCjk(unit[0]);
            if (at >= 0 && (cjk || ((at == 0 || !char.IsLetter(question[at - 1]))
                && (at + unit.Length == question.Length || !char.IsLetter(question[at + unit.Length])))))
            {
                return unit;
            }
        }

        return null;
    }
}
