namespace SupplyChain.Core.Json;

/// <summary>One property of a JSON object with the line of its name.</summary>
/// <param name="Name">The unescaped property name.</param>
/// <param name="Line">The 1-based line of the property name.</param>
/// <param name="Value">The value.</param>
internal sealed record JsonTreeProperty(string Name, int Line, JsonTreeNode Value);
