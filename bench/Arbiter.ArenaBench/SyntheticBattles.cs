using System.Globalization;
using System.Text.Json;

namespace Arbiter.ArenaBench;

/// <summary>
/// A synthetic FastChat clean-battle dump with the fields LMArena publishes (conv_metadata, tags,
/// dedup flags), about 1 KB per battle like the real files. Models have known true ratings and
/// verbosities; the vote follows Bradley–Terry on the true ratings plus a length preference, so the
/// plain fit should drift towards verbose models and the style-controlled fit should not.
/// </summary>
internal static class SyntheticBattles
{
    /// <summary>Logit bonus per unit of normalised length difference (a − b)/(a + b + 1).</summary>
    public const double LengthEffect = 0.6;

    public static (string Name, double Rating, double Tokens)[] Models(int count)
    {
        var rng = new Random(11);
        return [.. Enumerable.Range(0, count).Select(i => (
            string.Create(CultureInfo.InvariantCulture, $"model-{i + 1:D2}"),
            Math.Round(800 + (450.0 * i / (count - 1)) + (rng.NextDouble() * 20), 1),
            Math.Round(150 + (rng.NextDouble() * 850))))];
    }

    public static void Write(string path, int battles, (string Name, double Rating, double Tokens)[] models, int seed = 7)
    {
        var rng = new Random(seed);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = true });
        w.WriteStartArray();
        Span<byte> question = stackalloc byte[16];
        for (int k = 0; k < battles; k++)
        {
            int a = rng.Next(models.Length), b = rng.Next(models.Length - 1);
            b += b >= a ? 1 : 0;
            int ta = Tokens(rng, models[a].Tokens), tb = Tokens(rng, models[b].Tokens);
            double logit = ((models[a].Rating - models[b].Rating) * Math.Log(10) / 400) + (LengthEffect * (ta - tb) / (ta + tb + 1.0));
            double p = 1 / (1 + Math.Exp(-logit));
            // Ties take 0.4·min(p, 1 − p) from both sides, so that A's expected score (tie = ½) stays p.
            double tie = 0.4 * Math.Min(p, 1 - p), u = rng.NextDouble();
            string winner = u < p - (tie / 2) ? "model_a" : u < p + (tie / 2) ? (rng.NextDouble() < 0.3 ? "tie (bothbad)" : "tie") : "model_b";
            rng.NextBytes(question);

            w.WriteStartObject();
            w.WriteString("question_id", Convert.ToHexStringLower(question));
            w.WriteString("model_a", models[a].Name);
            w.WriteString("model_b", models[b].Name);
            w.WriteString("winner", winner);
            w.WriteString("judge", string.Create(CultureInfo.InvariantCulture, $"arena_user_{rng.Next(400_000)}"));
            w.WriteNumber("turn", 1);
            w.WriteBoolean("anony", rng.NextDouble() < 0.9);
            w.WriteString("language", rng.NextDouble() < 0.6 ? "English" : rng.NextDouble() < 0.5 ? "Chinese" : "Russian");
            w.WriteNumber("tstamp", Math.Round(1_700_000_000 + (k * 30.0) + rng.NextDouble(), 4));
            w.WriteStartObject("conv_metadata");
            w.WriteNumber("sum_user_tokens", rng.Next(5, 400));
            w.WriteNumber("sum_assistant_a_tokens", ta);
            w.WriteNumber("sum_assistant_b_tokens", tb);
            w.WriteNumber("context_a_tokens", ta + 40);
            w.WriteNumber("context_b_tokens", tb + 40);
            w.WriteNumber("turns", 1);
            Markdown(w, "a", rng, ta);
            Markdown(w, "b", rng, tb);
            w.WriteEndObject();
            w.WriteBoolean("is_code", rng.NextDouble() < 0.2);
            w.WriteBoolean("is_refusal", rng.NextDouble() < 0.03);
            w.WriteStartObject("dedup_tag");
            w.WriteBoolean("high_freq", false);
            w.WriteBoolean("sampled", true);
            w.WriteEndObject();
            Tags(w, rng);
            w.WriteEndObject();
            if (w.BytesPending > 1 << 16) w.Flush();
        }

        w.WriteEndArray();
    }

    private static int Tokens(Random rng, double mean) => Math.Max(1, (int)(mean * Math.Exp((rng.NextDouble() - 0.5) * 0.8)));

    private static void Markdown(Utf8JsonWriter w, string side, Random rng, int tokens)
    {
        int scale = tokens / 150;
        w.WriteStartObject("header_count_" + side);
        foreach (var h in new[] { "h1", "h2", "h3", "h4", "h5", "h6" }) w.WriteNumber(h, h is "h2" or "h3" ? rng.Next(scale + 1) : 0);
        w.WriteEndObject();
        w.WriteStartObject("list_count_" + side);
        w.WriteNumber("ordered", rng.Next(scale + 1));
        w.WriteNumber("unordered", rng.Next((2 * scale) + 1));
        w.WriteEndObject();
        w.WriteStartObject("bold_count_" + side);
        w.WriteNumber("**", rng.Next(scale + 1));
        w.WriteNumber("__", 0);
        w.WriteEndObject();
    }

    private static void Tags(Utf8JsonWriter w, Random rng)
    {
        w.WriteStartObject("category_tag");
        w.WriteStartObject("criteria_v0.1");
        foreach (var c in new[] { "specificity", "domain_knowledge", "complexity", "problem_solving", "creativity", "technical_accuracy", "real_world" })
        {
            w.WriteBoolean(c, rng.NextDouble() < 0.4);
        }

        w.WriteEndObject();
        w.WriteStartObject("if_v0.1");
        w.WriteBoolean("if", rng.NextDouble() < 0.3);
        w.WriteNumber("score", rng.Next(6));
        w.WriteEndObject();
        w.WriteStartObject("math_v0.1");
        w.WriteBoolean("math", rng.NextDouble() < 0.1);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
