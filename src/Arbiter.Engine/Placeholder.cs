namespace Arbiter.Engine; internal static class Placeholder { }
