namespace Arbiter.Simulator;

/// <summary>
/// Test hooks of the simulated models. A prompt containing <see cref="XssCue"/> makes every model
/// answer with <see cref="XssAnswer"/> — script tags, an <c>onerror</c> handler and <c>javascript:</c>
/// links — so the web UI's sanitising can be tested against a real model stream.
/// </summary>
public static class SimProbes
{
    /// <summary>The cue.</summary>
    public const string XssCue = "arbiter-xss-probe";

    /// <summary>The hostile answer (Markdown with raw HTML and script links).</summary>
    public const string XssAnswer =
        "Here is the answer you asked for.\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n" +
        "[click me](javascript:alert(1)) and <a href=\"javascript:alert(1)\">this link</a>\n\n" +
        "<svg onload=alert(1)></svg> **Bold text** stays.";
}
