using Arbiter.Web.Admin;

namespace Arbiter.Web.Tests.Security;

public sealed class AdminValidationTests
{
    [Theory]
    [InlineData("https://api.example.com/v1", null, "jurisdiction is required")]
    [InlineData("https://api.example.com/v1", "Mars base", "jurisdiction must be")]
    [InlineData("https://api.example.com/v1", "local; DROP", "jurisdiction must be")]
    public void A_remote_model_needs_a_known_jurisdiction(string url, string? jurisdiction, string expected)
    {
        var problem = AdminApi.Validate(new AddModelRequest("m", url, "gpt-x", null, jurisdiction, null));
        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8000/v1", null)]
    [InlineData("https://api.example.com/v1", "US")]
    [InlineData("https://gigachat.example.ru/v1", "RU")]
    [InlineData("https://api.example.com/v1", "unknown")]
    public void Loopback_without_a_tag_and_valid_tags_are_accepted(string url, string? jurisdiction) =>
        Assert.Null(AdminApi.Validate(new AddModelRequest("m", url, "gpt-x", null, jurisdiction, null)));
}
