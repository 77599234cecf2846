using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;

namespace Arbiter.Engine.Tests.Reports;

/// <summary>
/// Renders the golden report in headless Chromium, as a reader would see it, and checks a real
/// (non-blank) picture comes out. Skips without Chromium, unless ARBITER_REQUIRE_BROWSER=1 (CI),
/// where a missing browser is a failure.
/// </summary>
public sealed class ScreenshotTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task The_html_report_renders_to_a_non_blank_screenshot()
    {
        if (!File.Exists(Chromium))
        {
            Assert.False(Environment.GetEnvironmentVariable("ARBITER_REQUIRE_BROWSER") == "1", $"ARBITER_REQUIRE_BROWSER=1 but {Chromium} is missing (apt-get install chromium fonts-noto-cjk)");
            Assert.Skip($"{Chromium} not installed");
        }

        var dir = Directory.CreateTempSubdirectory("arbiter-shot-").FullName;
        try
        {
            var html = Path.Combine(dir, "report.html");
            var png = Path.Combine(dir, "report.png");
            await File.WriteAllTextAsync(html, GoldenReportTests.Render("html"), new UTF8Encoding(false), TestContext.Current.CancellationToken);
            var psi = new ProcessStartInfo(Chromium) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", $"--user-data-dir={Path.Combine(dir, "profile")}", "--window-size=1400,2200", $"--screenshot={png}", new Uri(html).AbsoluteUri })
            {
                psi.ArgumentList.Add(a);
            }

            using var process = Process.Start(psi)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(File.Exists(png), "no screenshot written: " + await stderr);
            var (width, height, distinct) = Inspect(await File.ReadAllBytesAsync(png, TestContext.Current.CancellationToken));
            Assert.Equal((1400, 2200), (width, height));
            // A blank page filters to a handful of byte values; text, tables and charts give many.
            Assert.True(distinct > 100, $"screenshot looks blank ({distinct} distinct byte values)");
            File.Copy(png, Path.Combine(Path.GetTempPath(), "arbiter-report-screenshot.png"), overwrite: true);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Reads the PNG header and inflates the image data (no imaging library needed).</summary>
    private static (int Width, int Height, int DistinctBytes) Inspect(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "not a PNG");
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        for (var pos = 8; pos + 8 <= png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            var type = Encoding.ASCII.GetString(png, pos + 4, 4);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos + 8));
                height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos + 12));
            }
            else if (type == "IDAT")
            {
                idat.Write(png, pos + 8, length);
            }

            pos += 12 + length;
        }

        idat.Position = 0;
        using var inflate = new ZLibStream(idat, CompressionMode.Decompress);
        var seen = new bool[256];
        var buffer = new byte[1 << 16];
        for (int read; (read = inflate.Read(buffer)) > 0;)
        {
            for (var i = 0; i < read; i++) seen[buffer[i]] = true;
        }

        return (width, height, seen.Count(s => s));
    }
}
