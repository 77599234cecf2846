namespace Arbiter.Engine.Tests.Audit;

internal static class AuditFixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "Audit", name);
}
