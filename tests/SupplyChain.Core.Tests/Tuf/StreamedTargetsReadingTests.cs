using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Json;
using SupplyChain.Core.Tuf;

namespace SupplyChain.Core.Tests.Tuf;

/// <summary>
/// Targets metadata read from bytes (without a tree of its targets) accepts exactly what the whole-document reader
/// accepts — strict JSON, one object, no repeated target path, every entry a target file entry — and its signed bytes
/// are the canonical JSON of the <c>signed</c> the whole-document reader parses.
/// </summary>
public class StreamedTargetsReadingTests
{
    private const string Hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("[]")]
    [InlineData("5")]
    [InlineData("\"signed\"")]
    public void Document_ThatIsNotAnObject_IsRejectedAsNotAnObject(string document)
    {
        var ex = Assert.Throws<TufMetadataFormatException>(() => Metadata<Targets>.FromBytes(Encoding.UTF8.GetBytes(document)));

        Assert.Equal("the document is not a JSON object", ex.Reason);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("5")]
    [InlineData("null")]
    public void Signed_ThatIsNotAnObject_IsRejected_NotReadAsEmpty(string signed)
    {
        var document = "{\"signatures\": [], \"signed\": " + signed + "}";

        var ex = Assert.Throws<TufMetadataFormatException>(() => Metadata<Targets>.FromBytes(Encoding.UTF8.GetBytes(document)));

        Assert.Equal("'signed' of the document is not a JSON object", ex.Reason);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"a.txt\"")]
    [InlineData("null")]
    public void TargetsMember_ThatIsNotAnObject_IsRejected_NotReadAsNoTargets(string targets)
    {
        var document = Document("").Replace("\"targets\": {}", "\"targets\": " + targets, StringComparison.Ordinal);

        var ex = Assert.Throws<TufMetadataFormatException>(() => Metadata<Targets>.FromBytes(Encoding.UTF8.GetBytes(document)));

        Assert.Contains("'targets'", ex.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" {}")]
    [InlineData("x")]
    [InlineData(",")]
    [InlineData("{\"signed\": {}}")]
    public void Document_WithDataAfterTheObject_IsRejected(string trailing)
    {
        var document = Encoding.UTF8.GetBytes(Document(Entry("a.txt")) + trailing);
        Assert.False(StrictJson.Parse(document).IsSuccess);

        var ex = Assert.Throws<TufMetadataFormatException>(() => Metadata<Targets>.FromBytes(document));

        Assert.Equal(WholeDocumentJsonError(document), ex.Reason);
    }

    [Fact]
    public void TopLevelObjectBesideSigned_IsNotTakenForSigned_TheSignedBytesAreThoseOfSigned()
    {
        var document = Encoding.UTF8.GetBytes(Document(Entry("a.txt")).Insert(1, "\"aaa\": {\"version\": 7, \"z\": {}},\n") + "\n");
        var document2 = Encoding.UTF8.GetBytes(Document(Entry("a.txt"))[..^1] + ",\n\"zzz\": {\"version\": 7, \"z\": {}}}");

        foreach (var bytes in new[] { document, document2 })
        {
            var read = Metadata<Targets>.FromBytes(bytes);

            Assert.Equal(WholeDocumentCanonicalSigned(bytes), read.SignedBytes.ToArray());
            Assert.Equal(1, read.Signed.Version);
        }
    }

    [Theory]
    [InlineData("", "\"custom\": 1.5")]
    [InlineData("", "\"custom\": {\"a\": 1e3}")]
    [InlineData(",\n  \"a_before\": 2.5", "\"custom\": 1.5")]
    [InlineData(",\n  \"a_before\": 2.5,\n  \"b_before\": 0.5", "\"custom\": 1")]
    [InlineData(",\n  \"a_before\": 2.5", "\"custom\": 1")]
    public void Signed_WithANumberThatHasNoCanonicalForm_IsRejectedWhenRead_AsByTheWholeDocumentReader(string signedMembersBeforeTargets, string custom)
    {
        // Two such numbers must not cancel each other out (one in targets and one before it, two before it, two in it).
        var document = Document(Entry("a.txt", custom) + ",\n" + Entry("b.txt", custom))
            .Replace("\"_type\": \"targets\"", "\"_type\": \"targets\"" + signedMembersBeforeTargets, StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(document);
        Assert.Throws<CanonicalJsonException>(() => WholeDocumentCanonicalSigned(bytes));

        var ex = Assert.Throws<TufMetadataFormatException>(() => Metadata<Targets>.FromBytes(bytes));

        Assert.Contains("canonical", ex.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Signed_WithOneTargetHavingANonIntegerAndAnotherTheSame_IsRejected()
    {
        var bytes = Encoding.UTF8.GetBytes(Document(Entry("a.txt") + ",\n" + Entry("b.txt", "\"custom\": 1.5") + ",\n" + Entry("c.txt", "\"custom\": 2.5")));

        Assert.Throws<TufMetadataFormatException>(() => Metadata<Targets>.FromBytes(bytes));
    }

    [Theory]
    [InlineData("\"custom\": \"\u00e9\"")]
    [InlineData("\"custom\": {\"k\": [1, \"\u00e9\"]}")]
    public void String_ThatIsNotValidUtf8_IsRejectedWithTheWholeDocumentReadersMessageAndLine(string custom)
    {
        var bytes = Encoding.UTF8.GetBytes(Document(Entry("a.txt") + ",\n" + Entry("b.txt", custom)));
        var at = Array.IndexOf(bytes, (byte)0xC3);
        bytes[at + 1] = 0xFF; // é with a broken second byte

        var ex = Assert.Throws<TufMetadataFormatException>(() => Metadata<Targets>.FromBytes(bytes));

        Assert.Equal(WholeDocumentJsonError(bytes), ex.Reason);
        Assert.Contains("line 15", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedMemberOfSigned_IsRejectedWithTheWholeDocumentReadersMessageAndLine()
    {
        var bytes = Encoding.UTF8.GetBytes(Document(Entry("a.txt")).Replace("\"version\": 1", "\"version\": 1,\n  \"version\": 2", StringComparison.Ordinal));

        var ex = Assert.Throws<TufMetadataFormatException>(() => Metadata<Targets>.FromBytes(bytes));

        Assert.Equal(WholeDocumentJsonError(bytes), ex.Reason);
    }

    [Fact]
    public void RepeatedTargetPath_IsRejected_AtTheFirstRepeatInDocumentOrder()
    {
        // a, b, b, a: the first repeat in document order is the second b (line 9), though a sorts first.
        var bytes = Encoding.UTF8.GetBytes(Document(string.Join(",\n", Entry("a.txt"), Entry("b.txt"), Entry("b.txt", "\"custom\": 2"), Entry("a.txt", "\"custom\": 3"))));
        Assert.Contains("'b.txt'", WholeDocumentJsonError(bytes), StringComparison.Ordinal);

        var ex = Assert.Throws<TufMetadataFormatException>(() => Metadata<Targets>.FromBytes(bytes));

        Assert.Equal(WholeDocumentJsonError(bytes), ex.Reason);
    }

    [Fact]
    public void RepeatedTargetPath_WrittenWithAnEscape_IsRejected()
    {
        var bytes = Encoding.UTF8.GetBytes(Document(Entry("a.txt") + ",\n" + Entry("\\u0061.txt", "\"custom\": 2")));

        var ex = Assert.Throws<TufMetadataFormatException>(() => Metadata<Targets>.FromBytes(bytes));

        Assert.Equal(WholeDocumentJsonError(bytes), ex.Reason);
        Assert.Contains("'a.txt'", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedTargetPath_ThreeTimesAmongMany_IsReportedAtItsSecondOccurrence()
    {
        // Enough entries that the sort is not an insertion sort: the repeat reported is still the second occurrence.
        var entries = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            entries.Add(Entry(i % 20 == 7 ? "same.txt" : $"f{(i * 37) % 101:D3}.txt", $"\"custom\": {i}"));
        }

        var bytes = Encoding.UTF8.GetBytes(Document(string.Join(",\n", entries)));

        var ex = Assert.Throws<TufMetadataFormatException>(() => Metadata<Targets>.FromBytes(bytes));

        Assert.Equal(WholeDocumentJsonError(bytes), ex.Reason);
        Assert.Contains("'same.txt'", ex.Reason, StringComparison.Ordinal);
        Assert.Contains("line 143", ex.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(", \"c.txt\": ]")]
    [InlineData(", \"c.txt\": {\"length\": 1,}")]
    [InlineData(", \"c.txt\": {\"length\": 01}")]
    [InlineData(", \"c.txt\": {\"x\": \"\\q\"}")]
    public void RepeatedTargetPath_BeforeALaterSyntaxErrorInTargets_IsTheErrorReported(string later)
    {
        var bytes = Encoding.UTF8.GetBytes(Document(Entry("a.txt") + ",\n" + Entry("a.txt", "\"custom\": 2") + later));
        Assert.Contains("more than once", WholeDocumentJsonError(bytes), StringComparison.Ordinal);

        var ex = Assert.Throws<TufMetadataFormatException>(() => Metadata<Targets>.FromBytes(bytes));

        Assert.Equal(WholeDocumentJsonError(bytes), ex.Reason);
    }

    [Theory]
    [InlineData(", \"c.txt\": ]")]
    [InlineData(", \"c.txt\": {\"length\": 1,}")]
    [InlineData(", \"c.txt\": {\"x\": \"\\q\"}")]
    [InlineData(", \"c.txt\" 5")]
    public void SyntaxErrorInTargets_IsRejectedWithTheWholeDocumentReadersMessage(string later)
    {
        var bytes = Encoding.UTF8.GetBytes(Document(Entry("a.txt") + later));

        var ex = Assert.Throws<TufMetadataFormatException>(() => Metadata<Targets>.FromBytes(bytes));

        Assert.Equal(WholeDocumentJsonError(bytes), ex.Reason);
    }

    [Theory]
    [InlineData("\"a.txt\"")]
    [InlineData("[]")]
    [InlineData("5")]
    [InlineData("null")]
    [InlineData("{\"hashes\": {\"sha256\": \"" + Hash + "\"}}")]
    [InlineData("{\"length\": 1}")]
    [InlineData("{\"length\": 1, \"custom\": {\"length\": 1, \"hashes\": {\"sha256\": \"" + Hash + "\"}}}")]
    [InlineData("{\"hashes\": {\"sha256\": \"" + Hash + "\"}, \"custom\": {\"length\": 1, \"hashes\": {\"sha256\": \"" + Hash + "\"}}}")]
    [InlineData("{\"length\": -1, \"hashes\": {\"sha256\": \"" + Hash + "\"}}")]
    [InlineData("{\"length\": \"1\", \"hashes\": {\"sha256\": \"" + Hash + "\"}}")]
    [InlineData("{\"length\": 1.0, \"hashes\": {\"sha256\": \"" + Hash + "\"}}")]
    [InlineData("{\"length\": 99999999999999999999, \"hashes\": {\"sha256\": \"" + Hash + "\"}}")]
    [InlineData("{\"length\": 1, \"hashes\": []}")]
    [InlineData("{\"length\": 1, \"hashes\": {}}")]
    [InlineData("{\"length\": 1, \"hashes\": {\"sha256\": 5}}")]
    [InlineData("{\"length\": 1, \"hashes\": {\"sha512\": \"" + Hash + "\", \"sha256\": null}}")]
    public void TargetEntry_ThatTheModelRejects_IsRejectedWhenRead_NotAtLookup(string entry)
    {
        var bytes = Encoding.UTF8.GetBytes(Document(Entry("a.txt") + ",\n\"bad.txt\": " + entry + ",\n" + Entry("z.txt")));
        var signed = (JsonObject)StrictJson.ParseOrThrow(bytes)!["signed"]!;
        var whole = Assert.ThrowsAny<FormatException>(() => Targets.FromJson(signed));

        var ex = Assert.Throws<TufMetadataFormatException>(() => Metadata<Targets>.FromBytes(bytes));

        Assert.Contains("'bad.txt'", ex.Reason, StringComparison.Ordinal);
        Assert.Contains(whole.Message.TrimEnd('.'), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lookup_OfAStringThatIsNotValidUtf16_FindsNoTarget_NotTheReplacementCharactersTarget()
    {
        var bytes = Encoding.UTF8.GetBytes(Document(Entry("a.txt") + ",\n" + Entry("\uFFFD") + ",\n" + Entry("\uFFFD.txt")));
        var targets = Metadata<Targets>.FromBytes(bytes).Signed.TargetFiles;

        Assert.True(targets.ContainsKey("\uFFFD"));
        Assert.False(targets.TryGetValue("\uD800", out _));
        Assert.False(targets.TryGetValue("\uDC00", out _));
        Assert.False(targets.ContainsKey("\uD800"));
        Assert.False(targets.TryGetValue("a.txt\uD800", out _));
        Assert.True(targets.TryGetValue("\uFFFD", out var found));
        Assert.Equal("\uFFFD", found!.Path);
    }

    [Fact]
    public void Lookup_FindsEachListedTargetAndNoOther()
    {
        var paths = Enumerable.Range(0, 25).Select(i => $"dir/{(i * 7) % 25:D2}-\u00e9.txt").ToArray();
        var bytes = Encoding.UTF8.GetBytes(Document(string.Join(",\n", paths.Select((p, i) => Entry(p, $"\"custom\": {i}")))));
        var targets = Metadata<Targets>.FromBytes(bytes).Signed.TargetFiles;

        Assert.Equal(25, targets.Count);
        foreach (var path in paths)
        {
            Assert.True(targets.ContainsKey(path));
            Assert.Equal(path, targets[path].Path);
        }

        Assert.False(targets.ContainsKey("dir/25-\u00e9.txt"));
        Assert.False(targets.ContainsKey("dir/"));
        Assert.False(targets.TryGetValue("", out _));
        var missing = Assert.Throws<KeyNotFoundException>(() => targets["nope.txt"]);
        Assert.Contains("'nope.txt'", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TargetLookedUpTwice_IsTheSameObject_SoAChangeToItStays()
    {
        var bytes = Encoding.UTF8.GetBytes(Document(Entry("a.txt") + ",\n" + Entry("b.txt")));
        var targets = Metadata<Targets>.FromBytes(bytes).Signed.TargetFiles;

        var first = targets["b.txt"];
        first.Custom = JsonValue.Create("changed");
        _ = targets["a.txt"];

        Assert.Same(first, targets["b.txt"]);
        Assert.Same(first, targets.Single(t => t.Key == "b.txt").Value);
        Assert.Equal("\"changed\"", targets["b.txt"].Custom!.ToJsonString());
    }

    [Fact]
    public void TargetsChangedAfterReading_AreLookedUpAndCountedAsChanged()
    {
        var bytes = Encoding.UTF8.GetBytes(Document(Entry("a.txt") + ",\n" + Entry("b.txt")));
        var targets = Metadata<Targets>.FromBytes(bytes).Signed.TargetFiles;

        targets.Add("c.txt", TargetFile.FromBytes("c.txt", "c"u8));
        targets.Add("d.txt", TargetFile.FromBytes("d.txt", "d"u8));
        Assert.True(targets.Remove("a.txt"));

        Assert.Equal(3, targets.Count);
        Assert.True(targets.TryGetValue("c.txt", out _));
        Assert.True(targets.ContainsKey("c.txt"));
        Assert.False(targets.TryGetValue("a.txt", out _));
        Assert.False(targets.ContainsKey("a.txt"));
    }

    [Fact]
    public void CanonicalSigned_IsHeldInOneArrayOfExactlyItsSize_WhitespaceInStringsAndEscapedQuotesNotCountedAsInsignificant()
    {
        // Canonical JSON of this document is the document without its insignificant whitespace, byte for byte: the one
        // array made for it must be exactly that size (strings holding spaces, \\ and \" before the closing quote,
        // whitespace right after a closing quote, and an empty string must not be taken for whitespace outside strings,
        // nor shift where strings end).
        var custom = "\"custom\": {\"a b\": \"  x  \\\\\", \"c\\\"  \": [\"\", \"\\\\\\\" \" , \" \"],\r\n\t\"n\":  -5}";
        var bytes = Encoding.UTF8.GetBytes(Document(Entry("a b.txt", custom) + ",\r\n\t" + Entry("\\\\\\\"q \\\".txt")));
        var read = Metadata<Targets>.FromBytes(bytes);
        var expected = WholeDocumentCanonicalSigned(bytes);

        var signed = read.SignedBytes;

        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(signed, out var segment));
        Assert.Equal(expected, signed.ToArray());
        Assert.Equal(expected.Length, segment.Array!.Length);
    }

    private static string Entry(string path, string? extra = null)
        => "    \"" + path + "\": {\n      \"hashes\": {\"sha256\": \"" + Hash + "\"},\n      \"length\": 1" + (extra is null ? "" : ",\n      " + extra) + "\n    }";

    // Line 1 "{", 2 signatures, 3 signed, 4 _type, 5 expires, 6 spec_version, 7 "targets": {, 8.. the entries.
    private static string Document(string targets)
        => "{\n \"signatures\": [],\n \"signed\": {\n  \"_type\": \"targets\",\n  \"expires\": \"2030-01-01T00:00:00Z\",\n  \"spec_version\": \"1.0.31\",\n  \"targets\": {"
           + (targets.Length == 0 ? "" : "\n" + targets + "\n  ") + "},\n  \"version\": 1\n }\n}";

    private static string WholeDocumentJsonError(byte[] bytes)
    {
        var parsed = StrictJson.Parse(bytes, Metadata<Targets>.MaxDepth);
        Assert.False(parsed.IsSuccess);
        return $"it is not valid JSON ({parsed.Error!.TrimEnd('.')}, line {parsed.LineNumber})";
    }

    private static byte[] WholeDocumentCanonicalSigned(byte[] bytes)
        => CanonicalJson.Serialize(StrictJson.ParseOrThrow(bytes, Metadata<Targets>.MaxDepth)!["signed"]);
}
