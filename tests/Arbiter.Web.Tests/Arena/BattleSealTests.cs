using Arbiter.Web.Arena;

namespace Arbiter.Web.Tests.Arena;

/// <summary>The battle text in the shared store opens only under the same secret, for the same battle, unaltered.</summary>
public sealed class BattleSealTests
{
    private static readonly byte[] Secret = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];

    [Fact]
    public void Sealed_text_opens_with_the_same_secret_for_the_same_battle_only()
    {
        var seal = new BattleSeal(Secret);
        var sealedText = seal.Seal("battle-1", "Почему небо голубое? 为什么天空是蓝色的？");
        Assert.DoesNotContain("небо", sealedText, StringComparison.Ordinal);
        Assert.Equal("Почему небо голубое? 为什么天空是蓝色的？", new BattleSeal(Secret).Open("battle-1", sealedText)); // another node, same secret
        Assert.NotEqual(sealedText, seal.Seal("battle-1", "Почему небо голубое? 为什么天空是蓝色的？")); // a fresh nonce each time

        Assert.Null(seal.Open("battle-2", sealedText)); // moved onto another battle's row
        Assert.Null(new BattleSeal([.. Secret.Select(b => (byte)(b ^ 1))]).Open("battle-1", sealedText));
        var bytes = Convert.FromBase64String(sealedText);
        bytes[^1] ^= 1;
        Assert.Null(seal.Open("battle-1", Convert.ToBase64String(bytes)));
        Assert.Null(seal.Open("battle-1", "not base64!"));
        Assert.Null(seal.Open("battle-1", "AAAA"));
    }
}
