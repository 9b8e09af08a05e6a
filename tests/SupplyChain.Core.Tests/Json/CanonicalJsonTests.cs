using System;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupplyChain.Core.Json;

namespace SupplyChain.Core.Tests.Json;

public class CanonicalJsonTests
{
    // Input JSON text -> the bytes securesystemslib's encode_canonical gives for json.loads(input), as text.
    public static TheoryData<string, string> Vectors => new()
    {
        { "{}", "{}" },
        { "[]", "[]" },
        { "true", "true" },
        { "false", "false" },
        { "null", "null" },
        { "0", "0" },
        { "-0", "0" },
        { "-17", "-17" },
        { "12345678901234567890123456789", "12345678901234567890123456789" },
        { "-9223372036854775809", "-9223372036854775809" },
        { "\"\"", "\"\"" },
        { " { \"b\" : 1 , \"a\" : 2 } ", "{\"a\":2,\"b\":1}" },
        { "[1, [2, {\"z\": null, \"y\": true}], false]", "[1,[2,{\"y\":true,\"z\":null}],false]" },
        { "{\"b\":{\"d\":1,\"c\":[3,2,1]},\"a\":\"x\"}", "{\"a\":\"x\",\"b\":{\"c\":[3,2,1],\"d\":1}}" },
        { "{\"aa\":1,\"b\":2,\"a\":3,\"B\":4,\"\":5}", "{\"\":5,\"B\":4,\"a\":3,\"aa\":1,\"b\":2}" },
        { "\"a\\\"b\\\\c\"", "\"a\\\"b\\\\c\"" },
        { "\"\\/ stays /\"", "\"/ stays /\"" },
        { "\"tab\\tnl\\ncr\\rff\\fbs\\bnul\\u0000one\\u0001us\\u001f\"", "\"tab\tnl\ncr\rff\fbs\bnul\0one\u0001us\u001f\"" },
        { "\"\\u00e9t\\u00e9 caf\u00e9\"", "\"\u00e9t\u00e9 caf\u00e9\"" },
        { "\"\\ud83d\\ude00 and \\u2028\"", "\"\U0001F600 and \u2028\"" },
        { "{\"\\u0062\":1,\"a\":2}", "{\"a\":2,\"b\":1}" },
        { "{\"k\\\"ey\":\"v\\\\al\"}", "{\"k\\\"ey\":\"v\\\\al\"}" },
        { "[\"<script>&'\"]", "[\"<script>&'\"]" },
        { "{\"signed\":{\"version\":1,\"_type\":\"root\"},\"signatures\":[]}", "{\"signatures\":[],\"signed\":{\"_type\":\"root\",\"version\":1}}" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Serialize_KnownVector_MatchesSecuresystemslib(string input, string expected)
    {
        var expectedBytes = Encoding.UTF8.GetBytes(expected);

        Assert.Equal(expectedBytes, CanonicalJson.Serialize(JsonNode.Parse(input)));
        using var document = JsonDocument.Parse(input);
        Assert.Equal(expectedBytes, CanonicalJson.Serialize(document.RootElement));
    }

    [Fact]
    public void Serialize_AstralKeyVersusHalfwidthKey_SortsByCodePointNotUtf16()
    {
        // U+FF21 (FULLWIDTH A) is below U+1F600 as a code point, but its UTF-16 unit 0xFF21 is above the
        // high surrogate 0xD83D that starts U+1F600. Python (and so securesystemslib) sorts by code point.
        var node = new JsonObject { ["\U0001F600"] = 1, ["\uFF21"] = 2, ["\uE000"] = 3, ["z"] = 4 };

        var text = CanonicalJson.SerializeToString(node);

        Assert.Equal("{\"z\":4,\"\uE000\":3,\"\uFF21\":2,\"\U0001F600\":1}", text);
        Assert.True(string.CompareOrdinal("\U0001F600", "\uFF21") < 0, "UTF-16 ordinal order differs here, which is the point of the test.");
    }

    [Fact]
    public void Serialize_AstralKeys_OrderAsTheirUtf8Bytes()
    {
        var keys = new[] { "\U0001F600", "\U00010000", "\uFFFF", "\uD7FF", "\U0010FFFF", "a", "\u00FF" };
        var node = new JsonObject();
        foreach (var key in keys)
        {
            node[key] = 0;
        }

        var text = CanonicalJson.SerializeToString(node);

        var sorted = (string[])keys.Clone();
        Array.Sort(sorted, (a, b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)));
        var expected = "{" + string.Join(",", Array.ConvertAll(sorted, k => "\"" + k + "\":0")) + "}";
        Assert.Equal(expected, text);
    }

    [Fact]
    public void Serialize_ControlCharacters_AreWrittenRaw()
    {
        var bytes = CanonicalJson.Serialize(JsonValue.Create("a\nb\u0007"));

        Assert.Equal(new byte[] { 0x22, 0x61, 0x0a, 0x62, 0x07, 0x22 }, bytes);
    }

    [Theory]
    [InlineData("1.0")]
    [InlineData("0.5")]
    [InlineData("1e2")]
    [InlineData("1E2")]
    [InlineData("-1.5e-3")]
    [InlineData("{\"a\":[1,2.5]}")]
    public void Serialize_Float_IsRejected(string input)
    {
        Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Serialize(JsonNode.Parse(input)));
        using var document = JsonDocument.Parse(input);
        Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Serialize(document.RootElement));
    }

    [Fact]
    public void Serialize_ClrValues_IntegersOnly()
    {
        Assert.Equal("[42,-9223372036854775808,18446744073709551615,7,true,\"s\"]", CanonicalJson.SerializeToString(new JsonArray(42, long.MinValue, ulong.MaxValue, (byte)7, true, "s")));
        Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Serialize(JsonValue.Create(2.0)));
        Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Serialize(JsonValue.Create(1.5f)));
        Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Serialize(JsonValue.Create(3m)));
    }

    [Fact]
    public void Serialize_LoneSurrogate_IsRejected()
    {
        Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Serialize(JsonValue.Create("\uD800x")));
        Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Serialize(new JsonObject { ["\uDC00"] = 1 }));
        using var document = JsonDocument.Parse("\"\\ud800\"");
        Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Serialize(document.RootElement));
    }

    [Fact]
    public void Serialize_ElementWithDuplicateKey_IsRejected()
    {
        using var document = JsonDocument.Parse("{\"a\":1,\"a\":2}");

        var ex = Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Serialize(document.RootElement));
        Assert.Contains("'a'", ex.Message);
    }

    [Fact]
    public void Serialize_TooDeep_IsRejected()
    {
        JsonNode node = new JsonArray();
        for (var i = 0; i < CanonicalJson.MaxDepth + 1; i++)
        {
            node = new JsonArray(node);
        }

        Assert.Throws<CanonicalJsonException>(() => CanonicalJson.Serialize(node));
    }

    [Fact]
    public void Serialize_DateTimeValue_UsesItsJsonString()
    {
        var value = JsonValue.Create(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal("\"2030-01-01T00:00:00+00:00\"", CanonicalJson.SerializeToString(value));
    }

    [Fact]
    public void Serialize_SameContentDifferentOrder_SameBytes()
    {
        var a = JsonNode.Parse("{\"x\":{\"b\":[1,{\"q\":1,\"p\":2}],\"a\":\"\u00fc\"},\"w\":null}");
        var b = JsonNode.Parse("{\"w\":null,\"x\":{\"a\":\"\\u00fc\",\"b\":[1,{\"p\":2,\"q\":1}]}}");

        Assert.Equal(CanonicalJson.Serialize(a), CanonicalJson.Serialize(b));
    }

    [Fact]
    public void CodePointComparer_OrdersLikeUtf8()
    {
        var comparer = CodePointStringComparer.Instance;

        Assert.True(comparer.Compare("\uFFFF", "\U00010000") < 0);
        Assert.True(comparer.Compare("\U00010000", "\U0010FFFF") < 0);
        Assert.True(comparer.Compare("\uD7FF", "\U00010000") < 0);
        Assert.True(comparer.Compare("a", "ab") < 0);
        Assert.Equal(0, comparer.Compare("x\U0001F600", "x\U0001F600"));
        Assert.True(comparer.Compare(null, "a") < 0);
    }
}
