using Arbiter.Core.Storage;
using System.Data.Common;
using System.Text.Json;
using Arbiter.Core.Arena;
using Arbiter.Core.Models;

namespace Arbiter.Storage.Rows;

/// <summary>
/// Statements and row mapping of <c>arena_models</c> and <c>arena_model_states</c>, shared by both
/// dialects: the SQL is the same in SQLite and PostgreSQL, with <c>@name</c> parameters.
/// </summary>
internal static class StoredRoster
{
    public const string AddModel =
        "INSERT INTO arena_models (model_id, spec_json, added_at_ms) VALUES (@id, @spec, @at) ON CONFLICT (model_id) DO NOTHING";

    // The state goes first and only when the model is stored, so removing an unknown id (or a
    // configured model's id) never erases a configured model's enabled flag.
    public const string RemoveModelState =
        "DELETE FROM arena_model_states WHERE model_id = @id AND EXISTS (SELECT 1 FROM arena_models WHERE model_id = @id)";

    public const string RemoveModel = "DELETE FROM arena_models WHERE model_id = @id";

    public const string SetState =
        "INSERT INTO arena_model_states (model_id, enabled, changed_at_ms) VALUES (@id, @enabled, @at) " +
        "ON CONFLICT (model_id) DO UPDATE SET enabled = excluded.enabled, changed_at_ms = excluded.changed_at_ms";

    public const string ReadModels = "SELECT model_id, spec_json, added_at_ms FROM arena_models ORDER BY model_id";

    public const string ReadStates = "SELECT model_id, enabled, changed_at_ms FROM arena_model_states ORDER BY model_id";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The statements (with parameters) that store <paramref name="model"/>.</summary>
    public static (string Sql, (string Name, object Value)[] Parameters)[] Add(StoredArenaModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return [(AddModel, [("@id", model.Spec.Id), ("@spec", JsonSerializer.Serialize(model.Spec, Json)), ("@at", model.AddedAtMs)])];
    }

    /// <summary>The statements that remove a model; the last one's row count says whether it was stored.</summary>
    public static (string Sql, (string Name, object Value)[] Parameters)[] Remove(string modelId)
    {
        ArgumentNullException.ThrowIfNull(modelId);
        return [(RemoveModelState, [("@id", modelId)]), (RemoveModel, [("@id", modelId)])];
    }

    /// <summary>The statements that record <paramref name="state"/>.</summary>
    public static (string Sql, (string Name, object Value)[] Parameters)[] Set(ArenaModelState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return [(SetState, [("@id", state.ModelId), ("@enabled", state.Enabled), ("@at", state.ChangedAtMs)])];
    }

    public static StoredArenaModel ReadModel(DbDataReader r)
    {
        var id = r.GetString(0);
        ModelSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<ModelSpec>(r.GetString(1), Json);
        }
        catch (JsonException ex)
        {
            throw new StoreException($"Stored arena model '{id}' cannot be read: {ex.Message}", ex);
        }

        // The id column is the key; a spec edited by hand to another id must not slip past the uniqueness check.
        return spec is not null && spec.Id == id
            ? new StoredArenaModel(spec, r.GetInt64(2))
            : throw new StoreException($"Stored arena model '{id}' cannot be read: its spec is empty or names another id.");
    }

    public static ArenaModelState ReadState(DbDataReader r) => new(r.GetString(0), r.GetBoolean(1), r.GetInt64(2));
}
