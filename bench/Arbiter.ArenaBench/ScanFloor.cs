using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Arbiter.Core.Arena;
using Arbiter.Engine.Arena;

namespace Arbiter.ArenaBench;

/// <summary>
/// The row scan once compiled, apart from process start-up and tiering: every line of the file in memory, scanned
/// and counted (<see cref="BattleRowScanner"/> into a <see cref="BattleTable"/>) against the floor of the same run —
/// <see cref="Utf8JsonReader"/> reading every token of the same lines and keeping nothing. Best of five passes each, in
/// process CPU seconds (the machine is shared; wall time would measure the other builds).
/// </summary>
internal static class ScanFloor
{
    public static (double ScanRowsPerSecond, double ReaderRowsPerSecond) Run(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        var lines = new List<(int Start, int Length)>();
        for (int start = 0, end; start < bytes.Length; start = end + 1)
        {
            end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0) end = bytes.Length;
            lines.Add((start, end - start));
        }

        double scan = double.MaxValue, floor = double.MaxValue;
        long tokens = 0;
        for (int pass = 0; pass < 5; pass++)
        {
            double cpu = Cpu();
            foreach (var (start, length) in lines)
            {
                var reader = new Utf8JsonReader(bytes.AsSpan(start, length));
                while (reader.Read()) tokens++;
            }

            floor = Math.Min(floor, Cpu() - cpu);
            cpu = Cpu();
            var table = new BattleTable();
            var scanner = new BattleRowScanner(table, BattleFilter.All, BattleFormat.ArenaHard, keepStyle: false);
            foreach (var (start, length) in lines)
            {
                if (scanner.TryAdd(bytes.AsSpan(start, length)) != BattleRowScanner.Result.Added) throw new InvalidOperationException("a lean row left the fast path");
            }

            scan = Math.Min(scan, Cpu() - cpu);
        }

        GC.KeepAlive(tokens);
        return (lines.Count / scan, lines.Count / floor);
    }

    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    public static string Describe((double Scan, double Reader) r) => string.Create(CultureInfo.InvariantCulture,
        $"scan and count, compiled: {r.Scan,11:N0} rows per CPU-second; Utf8JsonReader over every token of the same rows: {r.Reader,11:N0} rows per CPU-second (scan = {r.Scan / r.Reader:0.00}× the bare reader)");
}
