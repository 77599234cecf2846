namespace Arbiter.Storage; internal static class Placeholder { }
