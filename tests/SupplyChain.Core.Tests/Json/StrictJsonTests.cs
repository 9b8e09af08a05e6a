using System.Text;
using SupplyChain.Core.Json;

namespace SupplyChain.Core.Tests.Json;

public class StrictJsonTests
{
    [Theory]
    [InlineData("{\"a\":1,\"a\":2}")]
    [InlineData("{\"a\":1,\"b\":{\"c\":1,\"c\":1}}")]
    [InlineData("[{\"x\":[{\"k\":1}],\"y\":0,\"x\":null}]")]
    [InlineData("{\"a\":1,\"\\u0061\":2}")]
    [InlineData("{\"signed\":{\"version\":1},\"signed\":{\"version\":2}}")]
    public void Parse_DuplicateKey_IsRejected(string json)
    {
        var result = StrictJson.Parse(Encoding.UTF8.GetBytes(json));

        Assert.False(result.IsSuccess);
        Assert.Null(result.Node);
        Assert.Contains("more than once", result.Error);
    }

    [Fact]
    public void Parse_DuplicateKey_ReportsLine()
    {
        var result = StrictJson.Parse("{\n  \"a\": 1,\n  \"a\": 2\n}"u8);

        Assert.False(result.IsSuccess);
        Assert.Equal(3, result.LineNumber);
        Assert.Equal(3, result.BytePositionInLine);
    }

    [Fact]
    public void Parse_SameKeyInSiblingObjects_IsAccepted()
    {
        var result = StrictJson.Parse("{\"a\":{\"a\":1},\"b\":{\"a\":2},\"c\":[{\"a\":1},{\"a\":2}]}"u8);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(2, (int)result.Node!["b"]!["a"]!);
    }

    [Theory]
    [InlineData("{\"a\":1,}")]
    [InlineData("[1,2,]")]
    [InlineData("{\"a\":1} // comment")]
    [InlineData("/* c */ {}")]
    [InlineData("{\"a\":1} {\"b\":2}")]
    [InlineData("{'a':1}")]
    [InlineData("{\"a\":NaN}")]
    [InlineData("\"\\ud800\"")]
    [InlineData("{\"\\udc00\":1}")]
    [InlineData("")]
    [InlineData("{\"a\":01}")]
    public void Parse_NotStrictJson_IsRejected(string json)
    {
        var result = StrictJson.Parse(Encoding.UTF8.GetBytes(json));

        Assert.False(result.IsSuccess);
        Assert.NotNull(result.Error);
    }

    [Fact]
    public void Parse_ByteOrderMark_IsRejected()
    {
        var result = StrictJson.Parse(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}' });

        Assert.False(result.IsSuccess);
    }

    [Fact]
    public void Parse_InvalidUtf8InString_IsRejected()
    {
        var result = StrictJson.Parse(new byte[] { (byte)'"', 0xC3, 0x28, (byte)'"' });

        Assert.False(result.IsSuccess);
    }

    [Fact]
    public void Parse_TooDeep_IsRejected()
    {
        var json = new string('[', 10) + new string(']', 10);

        Assert.True(StrictJson.Parse(Encoding.UTF8.GetBytes(json), maxDepth: 10).IsSuccess);
        Assert.False(StrictJson.Parse(Encoding.UTF8.GetBytes(json), maxDepth: 9).IsSuccess);
    }

    [Fact]
    public void Parse_NullLiteral_SucceedsWithNullNode()
    {
        var result = StrictJson.Parse("null"u8);

        Assert.True(result.IsSuccess);
        Assert.Null(result.Node);
    }

    [Fact]
    public void Parse_ValidDocument_KeepsValues()
    {
        var result = StrictJson.Parse("{\"n\":12345678901234567890,\"s\":\"caf\\u00e9\",\"l\":[true,false,null]}"u8);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal("caf\u00e9", (string)result.Node!["s"]!);
        Assert.Equal("{\"l\":[true,false,null],\"n\":12345678901234567890,\"s\":\"caf\u00e9\"}", CanonicalJson.SerializeToString(result.Node));
    }

    [Fact]
    public void ParseOrThrow_DuplicateKey_Throws()
    {
        var ex = Assert.Throws<System.Text.Json.JsonException>(() => StrictJson.ParseOrThrow("{\"a\":1,\"a\":1}"u8));

        Assert.Contains("'a'", ex.Message);
    }

    [Fact]
    public void Parse_InvalidUtf8InString_SaysTheStringIsNotValidUnicode_AtItsPosition()
    {
        var result = StrictJson.Parse(new byte[] { (byte)'[', (byte)'\n', (byte)' ', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)']' });

        Assert.StartsWith("A string is not valid Unicode: ", result.Error, System.StringComparison.Ordinal);
        Assert.Equal((2L, 2L), (result.LineNumber, result.BytePositionInLine));
    }

    [Fact]
    public void Parse_SyntaxError_IsReportedAtItsOneBasedLineAndColumn()
    {
        var result = StrictJson.Parse("{\n  \"a\": ]\n}"u8);

        Assert.False(result.IsSuccess);
        Assert.Equal((2L, 8L), (result.LineNumber, result.BytePositionInLine));
    }

    [Fact]
    public void ParseOrThrow_GivesJsonExceptionItsZeroBasedPosition()
    {
        var ex = Assert.Throws<System.Text.Json.JsonException>(() => StrictJson.ParseOrThrow("{\n  \"a\": ]\n}"u8));

        Assert.Equal((1L, 7L), (ex.LineNumber, ex.BytePositionInLine));
    }

    [Fact]
    public void Parse_DeeperThanTheSystemDefaultOf64_IsAcceptedUpToTheGivenLimit()
    {
        var json = Encoding.UTF8.GetBytes(new string('[', 100) + new string(']', 100));

        Assert.True(StrictJson.Parse(json, maxDepth: 100).IsSuccess, StrictJson.Parse(json, maxDepth: 100).Error);
        Assert.False(StrictJson.Parse(json, maxDepth: 99).IsSuccess);
    }
}

