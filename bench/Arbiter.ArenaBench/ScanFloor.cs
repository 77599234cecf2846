using System.Diagnostics;
using System.Text.Json;
using Arbiter.Core.Arena;
using Arbiter.Engine.Arena;

namespace Arbiter.ArenaBench;

internal static class ScanFloor
{
    public static void Run(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var lines = new List<(int, int)>();
        int s = 0;
        for (int i = 0; i < bytes.Length; i++) if (bytes[i] == '\n') { lines.Add((s, i - s)); s = i + 1; }
        for (int rep = 0; rep < 4; rep++)
        {
            var sw = Stopwatch.StartNew();
            long tokens = 0;
            foreach (var (o, l) in lines)
            {
                var r = new Utf8JsonReader(bytes.AsSpan(o, l));
                while (r.Read()) tokens++;
            }
            var t1 = sw.Elapsed.TotalSeconds;
            var table = new BattleTable();
            var scanner = new BattleRowScanner(table, BattleFilter.All, BattleFormat.ArenaHard, false);
            foreach (var (o, l) in lines) scanner.TryAdd(bytes.AsSpan(o, l));
            var t2 = sw.Elapsed.TotalSeconds - t1;
            Console.WriteLine($"reader only {t1:0.000} s ({tokens} tokens)  scanner {t2:0.000} s");
        }
    }
}
