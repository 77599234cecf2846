using System.Globalization;
using Arbiter.Core.Models;
using Arbiter.Engine.Providers;
using YamlDotNet.RepresentationModel;

namespace Arbiter.Engine.Config;

/// <summary>
/// Vendor limits applied when the file is read (see <see cref="VendorRules"/>): a value a vendor would
/// refuse on every call is mapped with a warning when the mapping keeps its meaning, refused here otherwise.
/// </summary>
public static partial class ConfigLoader
{
    private static ModelSpec ApplyVendorRules(YamlNodes y, YamlMappingNode map, ModelSpec spec, int? maxConcurrency, RunDefaults run, List<string> warnings)
    {
        var dataLogging = y.OptionalBool(map, "dataLogging");
        if (dataLogging is not null && !VendorRules.IsYandex(spec))
        {
            throw y.Error(y.Get(map, "dataLogging")!, $"'dataLogging' applies to Yandex endpoints only (provider yandexgpt, or a baseUrl on yandex.net / yandexcloud.net); model '{spec.Id}' is neither");
        }

        var sendFolder = y.OptionalBool(map, "sendFolderId");
        if (sendFolder is not null && spec.Provider != "yandexgpt")
        {
            throw y.Error(y.Get(map, "sendFolderId")!, $"'sendFolderId' applies to provider yandexgpt only (this model's provider is {spec.Provider})");
        }

        spec = spec with
        {
            DataLogging = dataLogging ?? false,
            SendFolderId = sendFolder,
            // The vendor's quota caps the run-wide default; a number set on the entry is the user's to choose.
            MaxConcurrency = maxConcurrency ?? VendorRules.DefaultConcurrency(spec, run.Concurrency),
        };

        if (spec.Parameters.Temperature is not { } t) return spec;
        var node = y.OptionalMap(map, "parameters") is { } parameters ? y.Get(parameters, "temperature")! : map;
        if (VendorRules.TemperatureProblem(spec, t) is { } problem)
        {
            throw y.Error(node, $"model '{spec.Id}': parameters.temperature: {problem}");
        }

        var sent = VendorRules.Temperature(spec, t);
        if (sent == t) return spec;
        warnings.Add($"{y.File}:{node.Start.Line}:{node.Start.Column}: warning: model '{spec.Id}': parameters.temperature {Number(t)} mapped to {Number(sent!.Value)}: " +
            "GigaChat requires a temperature > 0 (it answers 422 to 0) and documents 0 to 0.001 as its deterministic mode, so greedy decoding is kept");
        return spec with { Parameters = spec.Parameters with { Temperature = sent } };
    }

    /// <summary>An <c>audit.temperature</c> that a probed model's vendor refuses fails here, at its line, not on every probe.</summary>
    private static void CheckAuditTemperature(YamlNodes y, YamlMappingNode? auditMap, AuditDefaults audit, IReadOnlyList<ModelSpec> models)
    {
        if (auditMap is null || y.Get(auditMap, "temperature") is not { } node) return;
        foreach (var model in models.Where(m => m.Id != audit.Judge))
        {
            if (VendorRules.TemperatureProblem(model, audit.Temperature) is { } problem)
            {
                throw y.Error(node, $"audit.temperature: model '{model.Id}' would be probed with it, and {problem}");
            }
        }
    }

    private static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);
}
