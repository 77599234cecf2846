using System.Diagnostics;
using System.Globalization;

namespace Arbiter.Cli.Commands;

/// <summary>
/// A one-line running count on a terminal's stderr while a large battle file imports (a 2M-battle
/// dump takes minutes); nothing when stderr is redirected, so scripts and tests see only the summary.
/// </summary>
internal sealed class ImportStatus
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private readonly string _path;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _last;
    private int _width;

    private ImportStatus(string path) => _path = path;

    public static ImportStatus? Start(string path) => Console.IsErrorRedirected ? null : new ImportStatus(path);

    public void Report(int valid, int skipped)
    {
        if (_clock.Elapsed - _last < Interval)
        {
            return;
        }

        _last = _clock.Elapsed;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{_path}: {valid:N0} battle(s) read, {skipped:N0} skipped, {valid / _clock.Elapsed.TotalSeconds:N0}/s");
        _width = Math.Max(_width, line.Length);
        Console.Error.Write("\r" + line.PadRight(_width));
    }

    public void Clear()
    {
        if (_width > 0)
        {
            Console.Error.Write("\r" + new string(' ', _width) + "\r");
        }
    }
}
