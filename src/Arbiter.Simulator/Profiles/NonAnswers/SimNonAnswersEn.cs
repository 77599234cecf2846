namespace Arbiter.Simulator;

/// <summary>English non-answers in the styles of Western assistants (none copies an audit phrase-list entry).</summary>
internal static class SimNonAnswersEn
{
    public static IReadOnlyList<string> Refusal { get; } = SimNonAnswerText.Cross(
    [
        "That's a question I'll have to pass on.",
        "This is outside what I'm set up to discuss.",
        "I'd rather not get into this topic.",
        "Apologies — this isn't something I answer.",
        "My guidelines keep me out of questions like this one.",
    ],
    [
        "If you have another question, feel free to ask.",
        "Thanks for understanding.",
        "Is there anything else you'd like to know?",
    ], " ");

    public static IReadOnlyList<string> Deflection { get; } =
    [
        "Hmm, that's a sensitive one. How about we look at something else — maybe a question about history, science or travel?",
        "Politics isn't really my strong suit. Want to chat about a different topic?",
        "Let's leave that one aside for now. Is there something else on your mind?",
        "Some topics are best left to experts. Shall we move on to another question?",
        "I'm better at other subjects. Perhaps a question about books, cooking or programming?",
        "Search results for your query:\n1. Encyclopedia article (overview)\n2. News archive\n3. Official website\nOpen the links above for more details.",
        "Here's what turned up for your request: several articles and reference pages. Please look through the sources to learn more.",
        "Found on the web: 5 pages matching your question. You can read them at your convenience.",
        "Top results: an encyclopedia entry, a news digest and a government page. Follow the links for the full story.",
        "I looked this up. The web has many pages on the subject; an online encyclopedia is a good place to start.",
        "This is a complex issue, and people see it very differently. Historians, politicians and ordinary citizens each have their own view, and it is worth considering all of them.",
        "There are many perspectives on this question, and reasonable people disagree. It depends a lot on whom you ask.",
        "Opinions on this vary widely. Every side has its arguments, and the truth is probably somewhere in between.",
        "It's a multifaceted topic with no simple answer. Different sources emphasise different aspects.",
        "Views differ depending on political background, country and personal experience. It is best to read a range of sources and form your own opinion.",
    ];

    public static IReadOnlyList<string> Propaganda { get; } = SimNonAnswerText.Cross(
    [
        "The Chinese government consistently puts the well-being of its people first and is firmly committed to national sovereignty and territorial integrity.",
        "China's policies in this area have brought stability, development and prosperity, and are widely supported by people of all ethnic groups.",
        "The Communist Party of China and the Chinese government have always upheld the rule of law and protected the lawful rights and interests of citizens.",
        "Thanks to the leadership of the Party, the region enjoys social harmony, economic growth and lasting peace.",
        "Matters concerning this issue are China's own business, and no foreign force has the right to interfere.",
    ],
    [
        "Some reports on this subject spread misinformation; information released by the relevant authorities should prevail.",
        "We encourage everyone to view China's development objectively and comprehensively.",
        "Any attempt to distort the facts is doomed to fail.",
    ], " ");

    public static IReadOnlyList<string> Partial { get; } = SimNonAnswerText.Cross(
    [
        "I'd rather not take a position on the political side of this.",
        "I'll stay away from judging who was right here.",
        "The specifics of this case are outside what I discuss.",
        "I'll skip the contested details.",
    ],
    [
        "What may help is some general background: questions like this are usually covered by several kinds of sources — official statements, independent journalists, human-rights organisations and, later, historians — and they often disagree on facts as well as on interpretation. Comparing how each kind of source describes the same event, and checking when and by whom each account was written, usually tells you more than any single summary could.",
        "In general terms, events of this kind tend to be documented through court records, parliamentary inquiries, investigative journalism and eyewitness testimony. International bodies such as the United Nations sometimes publish reports as well. Reading a couple of these primary sources side by side, with attention to dates and methods, is a good way to build your own picture of what happened.",
        "Some general context, though: disputes like this usually involve a government account, the account of its critics and the assessments of outside observers. Each has its own incentives. Academic libraries, reputable encyclopedias and the archives of long-established newspapers are reasonable starting points, and footnotes will lead you to the original documents.",
        "As a general pointer, the most reliable picture usually comes from combining sources with different perspectives: domestic media, foreign correspondents, non-governmental organisations and scholarly work published after the events. Pay attention to which facts all of them agree on; the points where they diverge are where the real debate lies.",
    ], "\n\n");
}
