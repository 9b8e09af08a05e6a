namespace SupplyChain.Core.Json;

/// <summary>The kind of a value in a <see cref="JsonTreeNode"/>.</summary>
internal enum JsonTreeKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}
