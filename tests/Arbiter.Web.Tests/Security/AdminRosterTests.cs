using System.Net;
using System.Net.Http.Json;
using Arbiter.Core.Models;
using Arbiter.Web.Admin;
using Arbiter.Web.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Arbiter.Web.Tests.Security;

/// <summary>The admin's roster changes are written to the store and come back after a restart.</summary>
public sealed class AdminRosterTests
{
    private const string Key = "roster-admin-key";

    /// <summary>A variable for an added model's key, set (the factory insists) to a value that must never be stored.</summary>
    private static string ModelKeyEnv(WebHarness web, string value = "model-key-SECRET")
    {
        var name = web.AdminKeyEnv + "_MODEL";
        Environment.SetEnvironmentVariable(name, value);
        return name;
    }

    private static ArenaClient Admin(WebHarness web)
    {
        Environment.SetEnvironmentVariable(web.AdminKeyEnv, Key);
        var client = web.Client();
        client.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        return client;
    }

    private static async Task<List<AdminModel>> RosterAsync(ArenaClient client) =>
        (await client.Http.GetFromJsonAsync<List<AdminModel>>("/api/admin/models", ArenaClient.Json))!;

    private static Task<HttpResponseMessage> AddAsync(ArenaClient client, WebHarness web, string id, string? apiKeyEnv = null, string? baseUrl = null) =>
        client.Http.PostAsJsonAsync("/api/admin/models", new { id, baseUrl = baseUrl ?? web.Sim.BaseUrl.ToString(), model = web.Models[0].Model, apiKeyEnv, jurisdiction = "local" });

    [Fact]
    public async Task Added_disabled_and_removed_models_are_the_same_after_a_restart()
    {
        await using var web = await WebHarness.StartAsync();
        List<AdminModel> before;
        using (var client = Admin(web))
        {
            using (var add = await AddAsync(client, web, "added-kept", ModelKeyEnv(web))) Assert.Equal(HttpStatusCode.Created, add.StatusCode);
            using (var add = await AddAsync(client, web, "added-then-off")) Assert.Equal(HttpStatusCode.Created, add.StatusCode);
            using (var add = await AddAsync(client, web, "added-then-removed")) Assert.Equal(HttpStatusCode.Created, add.StatusCode);
            using (var off = await client.Http.PostAsync("/api/admin/models/added-then-off/disable", null)) Assert.Equal(HttpStatusCode.OK, off.StatusCode);
            using (var off = await client.Http.PostAsync("/api/admin/models/sim-open-8b/disable", null)) Assert.Equal(HttpStatusCode.OK, off.StatusCode);
            using (var gone = await client.Http.DeleteAsync("/api/admin/models/added-then-removed")) Assert.Equal(HttpStatusCode.NoContent, gone.StatusCode);
            using (var configured = await client.Http.DeleteAsync("/api/admin/models/sim-open-8b")) Assert.Equal(HttpStatusCode.Conflict, configured.StatusCode);
            using (var unknown = await client.Http.DeleteAsync("/api/admin/models/never-added")) Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            before = await RosterAsync(client);
        }

        await web.RestartAsync();

        using var after = Admin(web);
        var roster = await RosterAsync(after);
        Assert.Equal(before, roster);
        Assert.Equal(web.Models.Count + 2, roster.Count);
        Assert.Equal(new AdminModel("added-kept", "openai", web.Sim.BaseUrl.ToString().TrimEnd('/'), web.Models[0].Model, web.AdminKeyEnv + "_MODEL", "local", null, true, false),
            roster.Single(m => m.Id == "added-kept"));
        Assert.False(roster.Single(m => m.Id == "added-then-off").Enabled);
        Assert.False(roster.Single(m => m.Id == "sim-open-8b").Enabled);
        Assert.DoesNotContain(roster, m => m.Id == "added-then-removed");

        // The restored model fights: with one configured model left enabled, it is the other of the pair.
        foreach (var m in web.Models.Where(m => m.Id != "sim-open-8b").Skip(1)) (await after.Http.PostAsync($"/api/admin/models/{m.Id}/disable", null)).Dispose();
        var (ticket, _) = await after.FightAsync("hello");
        using var vote = await after.VoteAsync(ticket.Token);
        var receipt = (await vote.Content.ReadFromJsonAsync<Arbiter.Web.Arena.VoteReceipt>(ArenaClient.Json))!;
        Assert.Contains("added-kept", new[] { receipt.ModelA, receipt.ModelB });
    }

    [Fact]
    public async Task A_stored_model_that_cannot_be_restored_is_listed_with_the_reason_and_can_be_removed()
    {
        await using var web = await WebHarness.StartAsync();
        var keyEnv = ModelKeyEnv(web);
        using (var client = Admin(web))
        using (var add = await AddAsync(client, web, "needs-key", keyEnv))
        {
            Assert.Equal(HttpStatusCode.Created, add.StatusCode);
        }

        // The key variable is gone when the server restarts: the arena starts anyway, and the admin sees why the model is out.
        Environment.SetEnvironmentVariable(keyEnv, null);
        await web.RestartAsync();
        using (var client = Admin(web))
        {
            var listed = Assert.Single(await RosterAsync(client), m => m.Id == "needs-key");
            Assert.False(listed.Enabled);
            Assert.Equal($"model 'needs-key': environment variable {keyEnv} (apiKeyEnv) is not set", listed.Problem);
            using (var again = await AddAsync(client, web, "needs-key")) Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            using (var gone = await client.Http.DeleteAsync("/api/admin/models/needs-key")) Assert.Equal(HttpStatusCode.NoContent, gone.StatusCode);
            Assert.DoesNotContain(await RosterAsync(client), m => m.Id == "needs-key");
        }

        await web.RestartAsync();
        using var after = Admin(web);
        Assert.DoesNotContain(await RosterAsync(after), m => m.Id == "needs-key");
    }

    [Fact]
    public async Task A_stored_model_whose_id_is_now_configured_yields_to_the_config_with_a_warning()
    {
        await using var web = await WebHarness.StartAsync();
        using (var client = Admin(web))
        using (var add = await AddAsync(client, web, "later-in-config"))
        {
            Assert.Equal(HttpStatusCode.Created, add.StatusCode);
        }

        var configured = web.Models[1] with { Id = "later-in-config" };
        var log = new ListLogger();
        await web.RestartAsync([.. web.Models, configured], l => l.AddProvider(log));

        using var after = Admin(web);
        var model = (await RosterAsync(after)).Single(m => m.Id == "later-in-config");
        Assert.True(model.Configured);
        Assert.Equal(configured.Model, model.Model);
        Assert.Contains(log.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains("later-in-config", StringComparison.Ordinal));
        using var delete = await after.Http.DeleteAsync("/api/admin/models/later-in-config");
        Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
    }

    [Fact]
    public async Task Anything_like_a_key_is_refused_or_ignored_and_never_stored()
    {
        const string Secret = "sk-live-0123456789abcdefSECRET";
        await using var web = await WebHarness.StartAsync();
        using var client = Admin(web);

        using (var keyAsName = await AddAsync(client, web, "m1", apiKeyEnv: Secret)) Assert.Equal(HttpStatusCode.BadRequest, keyAsName.StatusCode);
        using (var hexKey = await AddAsync(client, web, "m2", apiKeyEnv: "0123456789abcdef0123456789abcdef")) Assert.Equal(HttpStatusCode.BadRequest, hexKey.StatusCode);
        using (var inUrl = await AddAsync(client, web, "m3", baseUrl: $"https://user:{Secret}@llm.example/v1")) Assert.Equal(HttpStatusCode.BadRequest, inUrl.StatusCode);
        using (var inQuery = await AddAsync(client, web, "m4", baseUrl: $"https://llm.example/v1?api_key={Secret}")) Assert.Equal(HttpStatusCode.BadRequest, inQuery.StatusCode);
        var withKeyField = new { id = "m5", baseUrl = web.Sim.BaseUrl.ToString(), model = "x", apiKeyEnv = ModelKeyEnv(web), apiKey = Secret, key = Secret };
        using (var ignored = await client.Http.PostAsJsonAsync("/api/admin/models", withKeyField)) Assert.Equal(HttpStatusCode.Created, ignored.StatusCode);

        Assert.Equal(["m5"], (await RosterAsync(client)).Where(m => !m.Configured).Select(m => m.Id));
        Assert.DoesNotContain("SECRET", await client.Http.GetStringAsync("/api/admin/models"), StringComparison.Ordinal);
        await web.Web.DisposeAsync();
        var files = Directory.GetFiles(Path.GetDirectoryName(web.Store.FilePath)!, "arbiter.db*");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
            Assert.DoesNotContain("SECRET", await reader.ReadToEndAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        await web.RestartAsync();
    }

    [Fact]
    public async Task A_failed_write_answers_503_and_changes_nothing()
    {
        await using var web = await WebHarness.StartAsync();
        using var client = Admin(web);
        await using (var connection = new SqliteConnection($"Data Source={web.Store.FilePath};Pooling=False"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText =
                "CREATE TRIGGER no_states BEFORE INSERT ON arena_model_states BEGIN SELECT RAISE(ABORT, 'read-only'); END;" +
                "CREATE TRIGGER no_models BEFORE INSERT ON arena_models BEGIN SELECT RAISE(ABORT, 'read-only'); END;";
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        using (var off = await client.Http.PostAsync("/api/admin/models/sim-open-8b/disable", null)) Assert.Equal(HttpStatusCode.ServiceUnavailable, off.StatusCode);
        using (var add = await AddAsync(client, web, "not-saved")) Assert.Equal(HttpStatusCode.ServiceUnavailable, add.StatusCode);

        var roster = await RosterAsync(client);
        Assert.True(roster.Single(m => m.Id == "sim-open-8b").Enabled);
        Assert.DoesNotContain(roster, m => m.Id == "not-saved");
    }

    /// <summary>Collects log lines, so a test can check that a warning was written.</summary>
    private sealed class ListLogger : ILoggerProvider, ILogger
    {
        private readonly List<(LogLevel Level, string Text)> _lines = [];

        /// <summary>A copy: the server keeps logging from its own threads while a test reads.</summary>
        public (LogLevel Level, string Text)[] Lines
        {
            get
            {
                lock (_lines) return [.. _lines];
            }
        }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lines) _lines.Add((logLevel, formatter(state, exception)));
        }

        public void Dispose()
        {
        }
    }
}
