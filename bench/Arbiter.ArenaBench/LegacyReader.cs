using System.Security.Cryptography;
using System.Text.Json;
using Arbiter.Core.Arena;
using Arbiter.Engine.Arena;

namespace Arbiter.ArenaBench;

/// <summary>
/// The baseline: how Arbiter read a JSON-array battle file before streaming (commit 1f0575a). The
/// file's bytes, the copy the array path made of them, one JsonDocument over the copy and the list of
/// battles were all alive at once. Rows go through today's row code, so only the reading differs.
/// </summary>
internal static class LegacyReader
{
    public static async Task<int> ReadAsync(string path, Action<long> sample)
    {
        byte[] bytes = await File.ReadAllBytesAsync(path);
        string hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];
        using var doc = JsonDocument.Parse(bytes.AsSpan().ToArray(), new JsonDocumentOptions { AllowTrailingCommas = true });
        var battles = new List<ArenaBattle>();
        var problems = new List<BattleProblem>();
        long index = 0;
        foreach (var element in doc.RootElement.EnumerateArray())
        {
            if (BattleImporter.Validate(element, index, true, BattleFormat.FastChat, hash, problems.Add) is { } battle)
            {
                battles.Add(battle);
            }

            sample(++index);
        }

        return battles.Count;
    }
}
