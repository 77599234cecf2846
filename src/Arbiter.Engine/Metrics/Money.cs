namespace Arbiter.Engine.Metrics;

/// <summary>An amount in one currency, exactly as priced. Amounts in different currencies are never added or converted.</summary>
public readonly record struct Money(decimal Amount, string Currency);
