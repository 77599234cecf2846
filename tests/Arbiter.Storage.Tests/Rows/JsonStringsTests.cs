using System.Text.Json;
using Arbiter.Storage.Rows;

namespace Arbiter.Storage.Tests.Rows;

public sealed class JsonStringsTests
{
    [Fact]
    public void Writes_the_same_array_the_serializer_does()
    {
        string[][] cases = [[], ["a"], ["quote \" and \\ backslash", "tab\tnew\nline", "Вопрос", "问题", "emoji 😀", "<script>&'"]];
        foreach (var values in cases) Assert.Equal(JsonSerializer.Serialize(values), JsonStrings.Array(values));
    }

    [Fact]
    public void Sqlite_reads_every_value_back()
    {
        string[] values = ["plain", "quote \" \\", "Вопрос", "问题", "\u0001"];
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM json_each($v) ORDER BY key";
        command.Parameters.AddWithValue("$v", JsonStrings.Array(values));
        using var reader = command.ExecuteReader();
        var back = new List<string>();
        while (reader.Read()) back.Add(reader.GetString(0));

        Assert.Equal(values, back);
    }
}
