using SupplyChain.Sdk.EndToEnd.Tests.Infrastructure;

namespace SupplyChain.Sdk.EndToEnd.Tests;

/// <summary>
/// End-to-end tests run in two collections, so at most two real builds run at once on a two-core machine.
/// Each collection writes its fixture feed once.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PinningCollection : ICollectionFixture<FixtureFeed>
{
    public const string Name = "E2E pinning";
}

/// <summary>The second end-to-end collection: project shapes, hook points and incrementality.</summary>
[CollectionDefinition(Name)]
public sealed class ShapesCollection : ICollectionFixture<FixtureFeed>
{
    public const string Name = "E2E shapes";
}
