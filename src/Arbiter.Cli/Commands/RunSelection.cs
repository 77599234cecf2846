using System.CommandLine;
using Arbiter.Core.Storage;
using Arbiter.Engine.Reports;
using Arbiter.Statistics.Bootstrap;

namespace Arbiter.Cli.Commands;

/// <summary>
/// The run selection shared by <c>report</c> and <c>compare</c>: run ids (none or <c>all</c> = every
/// stored run, newest per model × suite) narrowed by <c>--model/--suite/--domain/--language</c>.
/// </summary>
internal sealed class RunSelection
{
    private readonly Argument<string[]> _runs = new("run") { Description = "Run ids, or 'all' (default: every stored run, newest per model × suite)", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string[]> _models = Multi("--model", "Only these models (repeatable)");
    private readonly Option<string[]> _suites = Multi("--suite", "Only these suite ids (repeatable)");
    private readonly Option<string[]> _domains = Multi("--domain", "Only these domains (repeatable)");
    private readonly Option<string[]> _languages = Multi("--language", "Only these languages (repeatable)");
    private readonly Option<ulong> _seed = new("--seed") { Description = "Bootstrap seed (same seed → identical numbers)", DefaultValueFactory = _ => RunComparison.DefaultSeed };
    private readonly Option<int> _rounds = new("--rounds") { Description = "Bootstrap rounds", DefaultValueFactory = _ => RunComparison.DefaultRounds };

    private readonly Option<string> _config = CliCommon.ConfigOption();

    public Option<string?> Db { get; } = CliCommon.DbOption();

    public void AddTo(Command command)
    {
        command.Arguments.Add(_runs);
        foreach (var o in new Option[] { _models, _suites, _domains, _languages, _seed, _rounds, _config, Db }) command.Options.Add(o);
    }

    /// <summary>The store named by --db or the config, opened read-only: a report never creates a database.</summary>
    public Task<IArbiterStore> OpenStoreAsync(ParseResult parse, CancellationToken ct) =>
        CliCommon.OpenStoreAsync(parse.GetValue(Db), CliCommon.OptionalConfig(parse, _config)?.Run, StoreAccess.ReadOnly, ct);

    /// <summary>The config's models (none without a config file): their origin and release date for the frontier section.</summary>
    public IReadOnlyList<Core.Models.ModelSpec> ConfigModels(ParseResult parse) => CliCommon.OptionalConfig(parse, _config)?.Models ?? [];

    public RunFilter Filter(ParseResult parse) => new()
    {
        RunIds = parse.GetValue(_runs) ?? [],
        Models = parse.GetValue(_models) ?? [],
        Suites = parse.GetValue(_suites) ?? [],
        Domains = parse.GetValue(_domains) ?? [],
        Languages = parse.GetValue(_languages) ?? [],
    };

    public BootstrapOptions Bootstrap(ParseResult parse) => new() { Seed = parse.GetValue(_seed), Rounds = Math.Max(1, parse.GetValue(_rounds)) };

    /// <summary>Loads the selection; a missing run id is a usage error (exit 2) with the id named.</summary>
    public static async Task<IReadOnlyList<RunData>?> LoadAsync(IRunStore store, RunFilter filter, CancellationToken ct)
    {
        try
        {
            return await filter.LoadAsync(store, ct);
        }
        catch (KeyNotFoundException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return null;
        }
    }

    private static Option<string[]> Multi(string name, string description) => new(name) { Description = description, AllowMultipleArgumentsPerToken = true };
}
