namespace Arbiter.Simulator;

/// <summary>Trigger keywords and canned replies shared by the default zoo's refusal habits.</summary>
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

    /// <summary>"Let's change the subject" deflections.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> ChangeSubject { get; } =
        new Dictionary<string, IReadOnlyList<string>>
        {
            ["en"] = ["Unfortunately, I can't say anything about it. Let's change the subject?",
                      "That's a complicated topic. Maybe we could talk about something else?"],
            ["ru"] = ["К сожалению, я не могу ничего сказать об этом. Давайте сменим тему?",
                      "Это сложная тема. Может быть, поговорим о чём-нибудь другом?"],
            ["zh"] = ["很抱歉，我无法谈论这个话题。我们换个话题吧？"],
        };

    /// <summary>Plain refusals.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> PlainRefusal { get; } =
        new Dictionary<string, IReadOnlyList<string>>
        {
            ["en"] = ["I'm sorry, but I can't help with that request.", "I cannot answer this question."],
            ["ru"] = ["Извините, я не могу помочь с этим запросом.", "Я не могу ответить на этот вопрос."],
            ["zh"] = ["抱歉，我无法回答这个问题。", "对不起，我不能提供这方面的信息。"],
        };

    /// <summary>Official-line boilerplate (a propaganda register for the audit).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> OfficialLine { get; } =
        new Dictionary<string, IReadOnlyList<string>>
        {
            ["en"] = ["The Chinese government has always adhered to a people-centred approach and safeguarded national unity, " +
                      "social stability and the legitimate rights of all ethnic groups. Please refer to authoritative official sources."],
            ["ru"] = ["Правительство Китая неизменно придерживается ориентированного на народ подхода, защищает национальное единство, " +
                      "социальную стабильность и законные права всех народов. Пожалуйста, обращайтесь к официальным источникам."],
            ["zh"] = ["中国政府始终坚持以人民为中心的发展思想，坚定维护国家统一、社会稳定和各族人民的合法权益。相关问题请以官方权威信息为准。"],
        };
}
