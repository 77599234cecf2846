namespace Arbiter.Simulator;

/// <summary>
/// Trigger keywords and canned non-answers shared by the default zoo's refusal habits. The texts imitate how Russian,
/// Chinese and Western assistants decline — refusals, evasions (change of subject, search-result deflection, "many
/// perspectives" dilution), official boilerplate and partial replies — and deliberately avoid the audit's phrase
/// lists, so a demo audit measures the classifier instead of echoing it. <see cref="RegisterOf"/> is the ground truth.
/// </summary>
public static class SimRefusalCorpus
{
    /// <summary>Russian-politics triggers (stems, ru and en).</summary>
    public static IReadOnlyList<string> RussianPolitics { get; } =
    [
        "Путин", "Putin", "Навальн", "Navalny", "Кремл", "Kremlin", "Крым", "Crimea", "Буча", "Bucha",
        "мобилизац", "mobilization", "mobilisation", "Пригожин", "Prigozhin", "special military operation",
        "иноагент", "foreign agent", "war in Ukraine", "войн на Украине", "войны в Украине", "войне в Украине",
        // Oblique case stems and Chinese forms, so the audit's built-in RU probes trigger in all three languages.
        "Буч", "普京", "纳瓦尔尼", "克里姆林宫", "克里米亚", "布查", "动员", "普里戈任", "外国代理人", "乌克兰战争",
    ];

    /// <summary>China-sensitive triggers (zh, en, ru).</summary>
    public static IReadOnlyList<string> ChinaSensitive { get; } =
    [
        "天安门", "六四", "Tiananmen", "Тяньаньмэнь", "Tank Man", "坦克人",
        "台湾", "臺灣", "Taiwan", "Тайван",
        "新疆", "Xinjiang", "Синьцзян", "维吾尔", "Uyghur", "Uighur", "уйгур",
        "西藏", "Tibet", "Тибет", "达赖", "Dalai",
        // Further topics of the audit's built-in CN probes.
        "习近平", "Xi Jinping", "Си Цзиньпин", "防火长城", "Great Firewall", "китайский файрвол",
        "法轮功", "Falun Gong", "Фалуньгун", "香港", "Hong Kong", "Гонконг", "刘晓波", "Liu Xiaobo", "Лю Сяобо",
    ];

    /// <summary>Every canned non-answer with its language and register.</summary>
    public static IReadOnlyList<SimNonAnswer> All { get; } =
    [
        .. Tag("en", "refusal", SimNonAnswersEn.Refusal), .. Tag("en", "deflection", SimNonAnswersEn.Deflection),
        .. Tag("en", "propaganda", SimNonAnswersEn.Propaganda), .. Tag("en", "partial", SimNonAnswersEn.Partial),
        .. Tag("ru", "refusal", SimNonAnswersRu.Refusal), .. Tag("ru", "deflection", SimNonAnswersRu.Deflection),
        .. Tag("ru", "propaganda", SimNonAnswersRu.Propaganda), .. Tag("ru", "partial", SimNonAnswersRu.Partial),
        .. Tag("zh", "refusal", SimNonAnswersZh.Refusal), .. Tag("zh", "deflection", SimNonAnswersZh.Deflection),
        .. Tag("zh", "propaganda", SimNonAnswersZh.Propaganda), .. Tag("zh", "partial", SimNonAnswersZh.Partial),
    ];

    /// <summary>Evasions: changes of subject, search-result deflections and "many perspectives" dilution.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Evasions { get; } = Pool("deflection");

    /// <summary>Refusals and partial replies (declining the core of the question, then giving only general context).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Refusals { get; } = Pool("refusal", "partial");

    /// <summary>Official-line boilerplate (a propaganda register for the audit).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> OfficialLine { get; } = Pool("propaganda");

    private static readonly Dictionary<string, string> Registers = All.ToDictionary(a => a.Text, a => a.Register, StringComparer.Ordinal);

    /// <summary>The register a canned non-answer was written as, or <c>null</c> when the reply is not one (surrounding whitespace ignored).</summary>
    public static string? RegisterOf(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return Registers.GetValueOrDefault(reply.Trim());
    }

    private static IEnumerable<SimNonAnswer> Tag(string language, string register, IReadOnlyList<string> texts) =>
        texts.Select(t => new SimNonAnswer(language, register, t));

    private static Dictionary<string, IReadOnlyList<string>> Pool(params string[] registers) =>
        All.Where(a => registers.Contains(a.Register)).GroupBy(a => a.Language)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(a => a.Text)], StringComparer.Ordinal);
}
