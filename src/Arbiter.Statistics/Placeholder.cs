namespace Arbiter.Statistics; internal static class Placeholder { }
