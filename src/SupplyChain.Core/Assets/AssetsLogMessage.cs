using System.Collections.Generic;

namespace SupplyChain.Core.Assets;

/// <summary>A warning or error restore recorded in <c>logs</c>.</summary>
/// <param name="Code">The NuGet code, such as <c>NU1603</c>.</param>
/// <param name="Level"><c>Warning</c>, <c>Error</c>, ...</param>
/// <param name="Message">The message.</param>
/// <param name="LibraryId">The package the message is about, or null.</param>
/// <param name="TargetGraphs">The graphs the message applies to.</param>
public sealed record AssetsLogMessage(string Code, string? Level, string? Message, string? LibraryId, IReadOnlyList<string> TargetGraphs);
