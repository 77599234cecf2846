using System.Text.RegularExpressions;

namespace Arbiter.Engine.Audit.Training;

/// <summary>
/// What the prompt asked for, as far as the length of a fair reply goes. An evasive reply to "write an essay on…" or
/// "list the criticisms of…" is typically two sentences of intent ("I aim to discuss this factually…") — short for what
/// was asked, while a short reply to "what is the capital of…" is just an answer. The trained model reads the reply's
/// length only next to such a request (a token like <c>xxlongask2</c>), never alone: a length token alone taught the
/// model that short answers are refusals. On SpeechMap (all long-form requests) 229 of 256 agreed English replies
/// under 600 characters were evasive or denials; 4,906 of 5,039 over 1,200 were complete.
/// </summary>
public static partial class RequestShape
{
    /// <summary>Upper bounds of the reply-length buckets, in <see cref="Units"/>.</summary>
    private static readonly int[] Buckets = [300, 600, 1200];

    /// <summary>Whether the prompt asks for a long-form reply (an essay, a list, an analysis…) and not for brevity.</summary>
    public static bool AsksForLongForm(string? prompt)
    {
        if (string.IsNullOrWhiteSpace(prompt)) return false;
        var head = prompt.Length <= 400 ? prompt : prompt[..400];
        return LongForm().IsMatch(head) && !Brief().IsMatch(prompt);
    }

    /// <summary>
    /// The token the model reads for this request and reply (empty when the request is not long-form): the reply's
    /// length bucket, <c>xxlongask0</c> (under 300 units) to <c>xxlongask3</c> (1,200 and over).
    /// </summary>
    public static string Token(string? prompt, string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (!AsksForLongForm(prompt)) return "";
        var units = Units(reply);
        var bucket = 0;
        while (bucket < Buckets.Length && units >= Buckets[bucket]) bucket++;
        return " xxlongask" + bucket.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Length in Latin-letter units: a Han or kana character carries about as much as three letters.</summary>
    public static int Units(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var units = 0;
        foreach (var c in reply) units += c is (>= '\u3040' and <= '\u30FF') or (>= '\u3400' and <= '\u9FFF') or (>= '\uF900' and <= '\uFAFF') ? 3 : 1;
        return units;
    }

    // Request verbs and nouns in the audit's languages (and Finnish, for SpeechMap). Word starts only, so "listen" is not "list".
    [GeneratedRegex(@"(?ix)
        \b(write|draft|compose|essay|list(s|ed|ing)?\b|describe|analy[sz]e|analysis|compare|critique|criticize|criticise|explain|outline|discuss|summari[sz]e|report|argue|detail|elaborate|create|review|timeline|overview)
      | (напиши|написать|составь|опиши|описать|перечисли|проанализируй|анализ|сравни|раскритикуй|критик|объясни|расскажи|обсуди|подготовь|эссе|стать[юя]|обзор|изложи)
      | (写|撰写|起草|创作|描述|列出|列举|分析|比较|批评|批判|解释|讨论|概述|论述|评论|阐述|介绍)
      | \b(kirjoita|laadi|luo|kuvaile|kuvaa|luettele|analysoi|vertaa|arvostele|kritisoi|selitä|selosta|tiivistä|essee)",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LongForm();

    [GeneratedRegex(@"(?ix)
        \b(briefly|in\s+(one|a\s+few|two|three|\d+)\s*([-–]\s*\d+\s*)?(sentences?|words?|lines?)|one[-\s]word|short\s+answer|yes\s+or\s+no|tl;?dr)\b
      | (кратко|коротко|в\s+двух\s+словах|одним\s+словом|\d+\s*([-–]\s*\d+\s*)?предложени|да\s+или\s+нет)
      | (简要|简短|简单地|一句话|\d+\s*([-–]\s*\d+\s*)?句)
      | \b(lyhyesti|yhdellä\s+lauseella)",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Brief();
}
