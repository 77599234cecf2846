namespace Arbiter.Simulator;

/// <summary>Phrase pools for open-ended answers, per language.</summary>
internal sealed record GenericPhrases(
    string[] Intros, string[] Sentences, string[] Headings, string[] PointsHeadings, string[] BoldLabels,
    string Summary, string IdentityNamed, string IdentityGeneric)
{
    public static GenericPhrases For(string language) => language switch
    {
        SimLanguage.Russian => Russian,
        SimLanguage.Chinese => Chinese,
        _ => English,
    };

    private static readonly GenericPhrases English = new(
        ["Here is an overview of \"{0}\".", "Good question about \"{0}\".", "Let's look at \"{0}\".", "Regarding \"{0}\":"],
        [
            "The key is to start from the basic definitions and build up from there.",
            "In practice, the right choice depends on the context and the constraints involved.",
            "It helps to compare several approaches before committing to one.",
            "A common mistake is to overlook edge cases that appear only at scale.",
            "Experts generally recommend testing assumptions with a small example first.",
            "Historically, this area has changed considerably over the last few decades.",
            "There are trade-offs between simplicity, cost and reliability.",
            "Documentation and clear communication make a large difference here.",
            "If you need more precision, consult a specialised source.",
            "Overall, a careful and incremental approach tends to work best.",
            "Measuring the outcome is the only reliable way to know whether it worked.",
            "Small, well-understood steps are easier to undo than large ones.",
        ],
        ["Overview", "Background", "Explanation", "Answer"],
        ["Key points", "Things to consider", "Steps"],
        ["Context", "Cost", "Reliability", "Simplicity", "Scale", "Evidence", "Risk", "Timing"],
        "Summary:", "I'm {0}. How can I help you today?", "I'm an AI assistant. How can I help you today?");

    private static readonly GenericPhrases Russian = new(
        ["Вот краткий обзор темы «{0}».", "Хороший вопрос о «{0}».", "Рассмотрим «{0}».", "Что касается «{0}»:"],
        [
            "Главное — начать с базовых определений и двигаться от них.",
            "На практике правильный выбор зависит от контекста и ограничений.",
            "Полезно сравнить несколько подходов, прежде чем выбрать один.",
            "Частая ошибка — упустить крайние случаи, которые проявляются только в масштабе.",
            "Специалисты обычно советуют сначала проверить предположения на небольшом примере.",
            "Исторически эта область заметно изменилась за последние десятилетия.",
            "Здесь есть компромисс между простотой, стоимостью и надёжностью.",
            "Документация и ясная коммуникация имеют здесь большое значение.",
            "Если нужна большая точность, обратитесь к специализированному источнику.",
            "В целом лучше всего работает аккуратный пошаговый подход.",
            "Единственный надёжный способ понять, сработало ли решение, — измерить результат.",
        ],
        ["Обзор", "Предыстория", "Объяснение", "Ответ"],
        ["Ключевые моменты", "Что учесть", "Шаги"],
        ["Контекст", "Стоимость", "Надёжность", "Простота", "Масштаб", "Риски"],
        "Итог:", "Я — {0}. Чем могу помочь?", "Я — ИИ-ассистент. Чем могу помочь?");

    private static readonly GenericPhrases Chinese = new(
        ["关于“{0}”，概述如下。", "这是一个关于“{0}”的好问题。", "我们来看看“{0}”。"],
        [
            "关键是从基本定义出发，逐步深入。", "在实践中，正确的选择取决于具体情况和约束条件。",
            "在做出决定之前，比较几种方法是有帮助的。", "一个常见的错误是忽略只有在大规模时才出现的边界情况。",
            "专家通常建议先用一个小例子验证假设。", "从历史上看，这个领域在过去几十年里发生了很大变化。",
            "简单性、成本和可靠性之间存在权衡。", "完善的文档和清晰的沟通在这里非常重要。",
            "如果需要更高的精度，请查阅专业资料。", "总体而言，谨慎、循序渐进的方法效果最好。",
        ],
        ["概述", "背景", "解释", "回答"],
        ["要点", "注意事项", "步骤"],
        ["背景", "成本", "可靠性", "简单性", "规模", "风险"],
        "总结：", "我是{0}。有什么可以帮您的吗？", "我是一个人工智能助手。有什么可以帮您的吗？");
}
