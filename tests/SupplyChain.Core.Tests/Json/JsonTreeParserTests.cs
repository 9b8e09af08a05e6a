using System.Linq;
using System.Text;
using System.Text.Json;
using SupplyChain.Core.Json;

namespace SupplyChain.Core.Tests.Json;

public class JsonTreeParserTests
{
    private static JsonTreeNode Parse(string json) => JsonTreeParser.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Parse_NestedDocument_KeepsLinesOfValuesAndNames()
    {
        var root = Parse("{\n  \"a\": 1,\n  \"b\": {\n    \"c\": [\n      true,\n      \"x\"\n    ]\n  }\n}");
        Assert.Equal(1, root.Line);
        Assert.Equal(2, root.Find("a")!.Line);
        var b = root.Find("b")!;
        Assert.Equal(3, b.Line);
        var c = b.Value.Find("c")!.Value;
        Assert.Equal(4, c.Line);
        Assert.Equal(new[] { 5, 6 }, c.Items.Select(i => i.Line));
        Assert.Equal("x", c.Items[1].Text);
        Assert.Equal("1", root.Find("a")!.Value.Text);
    }

    [Fact]
    public void Parse_CarriageReturnLineFeeds_CountsLines()
    {
        var root = Parse("{\r\n\r\n  \"a\": \"v\"\r\n}");
        Assert.Equal(3, root.Find("a")!.Line);
    }

    [Fact]
    public void Parse_ByteOrderMark_IsSkipped()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("{\"a\":\"\\u00e9\"}")).ToArray();
        Assert.Equal("é", JsonTreeParser.Parse(bytes).Find("a")!.Value.Text);
    }

    [Fact]
    public void Parse_DuplicatePropertyName_ThrowsShapeExceptionWithLine()
    {
        var ex = Assert.Throws<JsonShapeException>(() => Parse("{\n\"a\": 1,\n\"a\": 2\n}"));
        Assert.Equal(3, ex.Line);
    }

    [Theory]
    [InlineData("{\"a\": ")]
    [InlineData("{\"a\": [1, 2")]
    [InlineData("{\"a\": 1,}")]
    [InlineData("{'a': 1}")]
    [InlineData("{\"a\": 1} // comment")]
    public void Parse_InvalidOrTruncated_ThrowsJsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => Parse(json));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_Empty_Throws(string json)
    {
        var ex = Record.Exception(() => Parse(json));
        Assert.True(ex is JsonException or JsonShapeException);
    }

    [Fact]
    public void Find_IgnoresCase()
    {
        var root = Parse("{\"CentralPackageTransitivePinningEnabled\": true}");
        Assert.Equal(JsonTreeKind.True, root.Find("centralPackageTransitivePinningEnabled")!.Value.Kind);
    }
}
