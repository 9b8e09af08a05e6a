using System;
using System.Text;
using SupplyChain.Core.Json;
using SupplyChain.Core.Tuf;

namespace SupplyChain.Core.Tests.Json;

/// <summary>The one strict tokenizer: the same rejections through every front end, and lookups that cannot be fooled.</summary>
public class StrictJsonReaderTests
{
    [Theory]
    [InlineData("{\"a\":1,\"\\u0061\":2}")]
    [InlineData("{\"x\":\"\\ud800\"}")]
    [InlineData("{\"\\udc00\":1}")]
    [InlineData("{\"a\":[1,],\"b\":2}")]
    public void TreeParserAndStrictJson_RejectTheSameDocuments(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);

        Assert.False(StrictJson.Parse(bytes).IsSuccess);
        Assert.ThrowsAny<Exception>(() => JsonTreeParser.Parse(bytes));
    }

    [Fact]
    public void TreeParser_InvalidUtf8InAKey_IsRejectedWithItsLine()
    {
        var bytes = Encoding.UTF8.GetBytes("{\n\"a\": 1,\n\"b?\": 2\n}");
        bytes[Array.IndexOf(bytes, (byte)'?')] = 0xFF;

        var ex = Assert.Throws<JsonShapeException>(() => JsonTreeParser.Parse(bytes));
        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public void StreamedTargets_LookupWithALoneSurrogate_DoesNotMatchAReplacementCharacterKey()
    {
        var json = "{\"signatures\":[],\"signed\":{\"_type\":\"targets\",\"spec_version\":\"1.0.31\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"\uFFFD\":{\"length\":1,\"hashes\":{\"sha256\":\"aa\"}}}}}";
        var metadata = Metadata<Targets>.FromBytes(Encoding.UTF8.GetBytes(json));

        Assert.True(metadata.Signed.TargetFiles.ContainsKey("\uFFFD"));
        Assert.False(metadata.Signed.TargetFiles.ContainsKey("\uD800"));
        Assert.False(metadata.Signed.TargetFiles.TryGetValue("\uD800", out _));
    }

    [Fact]
    public void StreamedTargets_ChangesToALookedUpTarget_AreKept_AndEditingKeepsTheSignedBytesAsRead()
    {
        var json = "{\"signatures\":[],\"signed\":{\"_type\":\"targets\",\"spec_version\":\"1.0.31\",\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":{\"b\":{\"length\":1,\"hashes\":{\"sha256\":\"aa\"}},\"a\":{\"length\":2,\"hashes\":{\"sha256\":\"bb\"}}}}}";
        var metadata = Metadata<Targets>.FromBytes(Encoding.UTF8.GetBytes(json));
        var before = metadata.SignedBytes.ToArray();

        metadata.Signed.TargetFiles["a"].Length = 7;
        Assert.Equal(7, metadata.Signed.TargetFiles["a"].Length);
        metadata.Signed.AddTarget(new TargetFile("c", 3, new System.Collections.Generic.Dictionary<string, string> { ["sha256"] = "cc" }));

        Assert.Equal(new[] { "a", "b", "c" }, metadata.Signed.TargetFiles.Keys);
        Assert.Equal(7, metadata.Signed.TargetFiles["a"].Length);
        Assert.Equal(before, metadata.SignedBytes.ToArray());
        Assert.Equal("{\"_type\":\"targets\",\"expires\":\"2030-01-01T00:00:00Z\",\"spec_version\":\"1.0.31\",\"targets\":{\"a\":{\"hashes\":{\"sha256\":\"bb\"},\"length\":2},\"b\":{\"hashes\":{\"sha256\":\"aa\"},\"length\":1}},\"version\":1}", Encoding.UTF8.GetString(before));
    }

    [Theory]
    [InlineData("15", false)]
    [InlineData("1.5", true)]
    [InlineData("-1e5", true)]
    [InlineData("2E3", true)]
    [InlineData("\"1.5\"", false)]
    [InlineData("[1, 2, {\"a\": 3}]", false)]
    [InlineData("[1.5]", true)]
    [InlineData("[1.5, 2.5]", true)]
    [InlineData("{\"a\": [0.5, 1e1, 2.0], \"b\": 1}", true)]
    public void SkipValue_SaysWhetherTheValueHoldsANumberWithoutACanonicalForm(string json, bool expected)
    {
        var reader = new StrictJsonReader(System.Text.Encoding.UTF8.GetBytes(json), maxDepth: 10);
        Assert.True(reader.Read());
        Assert.Equal(expected, reader.SkipValue());
    }

    [Fact]
    public void LeaveRepeatedKeysToCaller_AnywhereButAtTheStartOfAnObject_IsACallerError()
    {
        var reader = new StrictJsonReader("[{}]"u8, maxDepth: 10);
        Assert.True(reader.Read());
        try
        {
            reader.LeaveRepeatedKeysOfThisObjectToCaller();
            Assert.Fail("Expected InvalidOperationException.");
        }
        catch (System.InvalidOperationException ex)
        {
            Assert.Equal("The reader is not at the start of an object.", ex.Message);
        }
    }
}

