using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupplyChain.Core.Json;

namespace SupplyChain.Core.Tests.Json;

/// <summary>
/// The nesting limit of <see cref="CanonicalJson"/> (a guard against stack exhaustion by deeply nested metadata) sits
/// exactly at <see cref="CanonicalJson.MaxDepth"/> levels, for arrays and objects, for nodes and elements.
/// </summary>
public sealed class CanonicalJsonDepthLimitTests
{
    private static readonly JsonDocumentOptions s_deep = new() { MaxDepth = CanonicalJson.MaxDepth * 2 };

    public static TheoryData<bool> Kinds => new() { true, false };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Node_NestedExactlyToTheLimit_IsSerialized(bool arrays)
    {
        var text = Nested(CanonicalJson.MaxDepth, arrays);

        Assert.Equal(text, CanonicalJson.SerializeToString(JsonNode.Parse(text, documentOptions: s_deep)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Node_NestedOneLevelBeyondTheLimit_IsRejected(bool arrays)
    {
        var node = JsonNode.Parse(Nested(CanonicalJson.MaxDepth + 1, arrays), documentOptions: s_deep);

        var ex = Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Serialize(node));
        Assert.Contains("nested deeper than " + CanonicalJson.MaxDepth + " levels", ex.Message, System.StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Element_NestedExactlyToTheLimit_IsSerialized(bool arrays)
    {
        var text = Nested(CanonicalJson.MaxDepth, arrays);
        using var document = JsonDocument.Parse(text, s_deep);

        Assert.Equal(text, System.Text.Encoding.UTF8.GetString(CanonicalJson.Serialize(document.RootElement)));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Element_NestedOneLevelBeyondTheLimit_IsRejected(bool arrays)
    {
        using var document = JsonDocument.Parse(Nested(CanonicalJson.MaxDepth + 1, arrays), s_deep);

        var ex = Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Serialize(document.RootElement));
        Assert.Contains("nested deeper than", ex.Message, System.StringComparison.Ordinal);
    }

    private static string Nested(int levels, bool arrays)
        => arrays
            ? string.Concat(Enumerable.Repeat("[", levels)) + string.Concat(Enumerable.Repeat("]", levels))
            : string.Concat(Enumerable.Repeat("{\"a\":", levels - 1)) + "{}" + string.Concat(Enumerable.Repeat("}", levels - 1));
}
