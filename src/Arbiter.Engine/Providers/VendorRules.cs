using Arbiter.Core.Models;

namespace Arbiter.Engine.Providers;

/// <summary>Limits and habits of the vendors behind our native connectors.</summary>
public static class VendorRules
{
    /// <summary>The temperature GigaChat gets instead of 0.</summary>
    public const double GigaChatGreedyTemperature = 0.0005;

    /// <summary>Whether the base URL is a Yandex host.</summary>
    public static bool IsYandexHost(string baseUrl) => false;

    /// <summary>Whether <c>x-folder-id</c> is sent.</summary>
    public static bool SendsFolderHeader(ModelSpec model) => model?.FolderId is not null;
}
