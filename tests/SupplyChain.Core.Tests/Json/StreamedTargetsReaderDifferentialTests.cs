using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupplyChain.Core.Json;
using SupplyChain.Core.Tuf;

namespace SupplyChain.Core.Tests.Json;

/// <summary>
/// The streamed targets reader (no tree of the targets) against the reader it replaced: the tree reader of before,
/// copied here as the oracle (System.Text.Json's reader, a key set per object, every string decoded, then a
/// <see cref="JsonNode"/> tree, the model's checks on it, and canonical JSON of the tree). Both must accept and reject
/// the same documents, for the same reason, and agree on the signed bytes and every target of what they accept.
/// </summary>
public class StreamedTargetsReaderDifferentialTests
{
    private const string Valid = "{\n \"signatures\": [{\"keyid\": \"ab\", \"sig\": \"cd\"}],\n \"signed\": {\n  \"_type\": \"targets\", \"spec_version\": \"1.0.31\", \"version\": 3,\n  \"expires\": \"2030-01-01T00:00:00Z\",\n  \"targets\": {\n   \"b/file-10.txt\": {\"length\": 19, \"hashes\": {\"sha256\": \"78a1\", \"sha512\": \"f4b5\"}},\n   \"b/file-2.txt\": {\"length\": 0, \"hashes\": {\"sha256\": \"11f7\"}, \"custom\": {\"z\": [1, -0, \"\\u00e9\\n\"], \"a\": null}},\n   \"\\u00e9t\\u00e9\": {\"hashes\": {\"sha256\": \"aa\"}, \"length\": 5},\n   \"\\ud83d\\ude00\": {\"length\": 1, \"hashes\": {\"sha256\": \"bb\"}},\n   \"\\uffff\": {\"length\": 1, \"hashes\": {\"sha256\": \"cc\"}},\n   \"q\\\"\\\\\": {\"length\": 2, \"hashes\": {\"sha256\": \"dd\"}}\n  },\n  \"delegations\": {\"keys\": {}, \"roles\": []},\n  \"x-unknown\": {\"b\": 1, \"a\": [true, false]}\n },\n \"extra\": 12345678901234567890\n}\n";

    // Every document the strict JSON and TUF format tests reject, as the whole document and inside a target entry.
    private static readonly string[] s_rejected =
    {
        "{\"a\":1,\"a\":2}", "{\"a\":1,\"b\":{\"c\":1,\"c\":1}}", "[{\"x\":[{\"k\":1}],\"y\":0,\"x\":null}]", "{\"a\":1,\"\\u0061\":2}",
        "{\"signed\":{\"version\":1},\"signed\":{\"version\":2}}", "{\"a\":1,}", "[1,2,]", "{\"a\":1} // comment", "/* c */ {}",
        "{\"a\":1} {\"b\":2}", "{'a':1}", "{\"a\":NaN}", "\"\\ud800\"", "{\"\\udc00\":1}", string.Empty, "{\"a\":01}", "{\"signed\": {}}",
        "{\"signatures\": []}", "[]", "null", "{\"signed\": [], \"signatures\": []}", "{\"signed\": {\"_type\": \"timestamp\"}, \"signatures\": {}}",
        "{\"a\":1.5}", "{\"a\":1e3}", "{\"a\":\"\\ud83d\"}", "{\"a\":\"\\ude00\\ud83d\"}",
    };

    public static IEnumerable<object[]> Corpus()
    {
        var documents = new List<byte[]> { Encoding.UTF8.GetBytes(Valid) };
        foreach (var bad in s_rejected)
        {
            documents.Add(Encoding.UTF8.GetBytes(bad));
            if (bad.Length > 0)
            {
                documents.Add(Encoding.UTF8.GetBytes(Valid.Replace("\"custom\": {", "\"custom\": {\"bad\": " + bad + ", ", StringComparison.Ordinal)));
                documents.Add(Encoding.UTF8.GetBytes(Valid.Replace("\"extra\": 12345678901234567890", "\"extra\": " + bad, StringComparison.Ordinal)));
            }
        }

        // Shape faults of entries, of the signed part and of the document, and numbers without canonical form.
        foreach (var (from, to) in new[]
        {
            ("\"length\": 19", "\"length\": -1"), ("\"length\": 19", "\"length\": 1.0"), ("\"length\": 19", "\"length\": \"19\""),
            ("\"length\": 19, ", string.Empty), ("\"hashes\": {\"sha256\": \"11f7\"}", "\"hashes\": {}"), ("\"sha256\": \"78a1\"", "\"sha256\": 1"),
            ("{\"length\": 1, \"hashes\": {\"sha256\": \"bb\"}}", "[]"), ("{\"length\": 1, \"hashes\": {\"sha256\": \"bb\"}}", "null"),
            ("\"targets\": {", "\"targetz\": {"), ("\"x-unknown\": {\"b\": 1", "\"x-unknown\": {\"b\": 1.25"), ("\"extra\": 12345678901234567890", "\"extra\": 1.5"),
            ("\"version\": 3", "\"version\": 0"), ("\"_type\": \"targets\"", "\"_type\": \"root\""), ("\"1.0.31\"", "\"2.0\""),
            ("\"delegations\": {\"keys\": {}, \"roles\": []}", "\"delegations\": []"), ("[{\"keyid\": \"ab\", \"sig\": \"cd\"}]", "[{\"keyid\": \"ab\", \"sig\": \"cd\"}, {\"keyid\": \"ab\", \"sig\": \"ef\"}]"),
            ("\"b/file-10.txt\": {", "\"b/file-2.txt\": {"), ("\"\\u00e9t\\u00e9\"", "\"\\u00e9t\\u00e9\\ud800\""), ("\"-0\"", "\"-0\""),
            ("\"z\": [1, -0", "\"z\": [1, 2.5e-3, -0"),
        })
        {
            documents.Add(Encoding.UTF8.GetBytes(Valid.Replace(from, to, StringComparison.Ordinal)));
        }

        // Repeated target paths, which the streamed reader finds by sorting rather than with a set of keys: the
        // first repeat in document order (not in key order) is reported, and before any later fault of the document.
        var repeatedLate = Valid.Replace("\"q\\\"\\\\\": {", "\"b/file-2.txt\": {", StringComparison.Ordinal);
        var repeatedEarly = Valid.Replace("\"\\u00e9t\\u00e9\": {", "\"b/file-10.txt\": {", StringComparison.Ordinal);
        foreach (var repeated in new[] { repeatedLate, repeatedEarly, repeatedEarly.Replace("\"\\uffff\": {", "\"b/file-2.txt\": {", StringComparison.Ordinal) })
        {
            documents.Add(Encoding.UTF8.GetBytes(repeated));
            documents.Add(Encoding.UTF8.GetBytes(repeated.Replace("\"extra\": 12345678901234567890", "\"extra\": 1,", StringComparison.Ordinal)));
            documents.Add(Encoding.UTF8.GetBytes(repeated.Replace("\"delegations\": {\"keys\": {}", "\"delegations\": {\"keys\": {}, \"keys\": {}", StringComparison.Ordinal)));
            documents.Add(Encoding.UTF8.GetBytes(repeated.Replace("{\"length\": 1, \"hashes\": {\"sha256\": \"cc\"}}", "{\"length\": 1, \"length\": 2}", StringComparison.Ordinal)));
            documents.Add(Encoding.UTF8.GetBytes(repeated.Replace("{\"length\": 1, \"hashes\": {\"sha256\": \"cc\"}}", "{\"length\": 1,, }", StringComparison.Ordinal)));
        }

        documents.Add(new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Valid)).ToArray());
        documents.Add(Encoding.UTF8.GetBytes(Valid.Replace("\"11f7\"", "\"\u00e9\"", StringComparison.Ordinal)).Select(b => b == 0xA9 ? (byte)0x28 : b).ToArray());

        // Generated: single-byte mutations of the valid document (deterministic).
        var random = new Random(20261206);
        var valid = Encoding.UTF8.GetBytes(Valid);
        var alphabet = new byte[] { (byte)'"', (byte)'\\', (byte)'{', (byte)'}', (byte)'[', (byte)']', (byte)',', (byte)':', (byte)'1', (byte)'.', (byte)'e', (byte)'-', (byte)'u', (byte)' ', (byte)'\n', 0xC3, 0xFF, 0xED, 0x80, 0 };
        for (var i = 0; i < 600; i++)
        {
            var bytes = valid.ToList();
            var at = random.Next(bytes.Count);
            switch (random.Next(3))
            {
                case 0:
                    bytes.RemoveAt(at);
                    break;
                case 1:
                    bytes.Insert(at, alphabet[random.Next(alphabet.Length)]);
                    break;
                default:
                    bytes[at] = alphabet[random.Next(alphabet.Length)];
                    break;
            }

            documents.Add(bytes.ToArray());
        }

        return documents.Select((d, i) => new object[] { i, Convert.ToBase64String(d) });
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void StreamedReader_AgreesWithTheTreeReader(int caseNumber, string base64)
    {
        var document = Convert.FromBase64String(base64);
        var expected = Oracle(document);
        Exception? actualError = null;
        Metadata<Targets>? actual = null;
        try
        {
            actual = Metadata<Targets>.FromBytes(document);
        }
        catch (TufRepositoryException ex)
        {
            actualError = ex;
        }

        if (expected.Error is not null)
        {
            Assert.True(actualError is not null, $"case {caseNumber}: the tree reader rejects it ({expected.Error}), the streamed reader accepts it");
            Assert.Equal(expected.Kind, actualError!.GetType().Name);
            if (actualError is TufMetadataFormatException format)
            {
                Assert.Equal(expected.Error, format.Reason);
            }

            return;
        }

        Assert.True(actualError is null, $"case {caseNumber}: the tree reader accepts it, the streamed reader rejects it: {actualError?.Message}");
        Assert.Equal(Convert.ToHexString(expected.SignedBytes!), Convert.ToHexString(actual!.SignedBytes.ToArray()));
        Assert.Equal(expected.Targets!.Count, actual.Signed.TargetFiles.Count);
        foreach (var (path, target) in expected.Targets)
        {
            Assert.True(actual.Signed.TargetFiles.TryGetValue(path, out var found), $"case {caseNumber}: '{path}' not found");
            Assert.Equal(CanonicalJson.SerializeToString(target.ToJson()), CanonicalJson.SerializeToString(found!.ToJson()));
        }

        Assert.Equal(CanonicalJson.SerializeToString(expected.Signed!.ToJson()), CanonicalJson.SerializeToString(actual.Signed.ToJson()));
    }

    private sealed record OracleResult(string? Error, string? Kind, byte[]? SignedBytes, IDictionary<string, TargetFile>? Targets, Targets? Signed);

    // The reader of before this change, step by step.
    private static OracleResult Oracle(byte[] document)
    {
        var problem = LegacyCheck(document);
        if (problem is not null)
        {
            return new OracleResult($"it is not valid JSON ({problem.Value.Error.TrimEnd('.')}, line {problem.Value.Line})", nameof(TufMetadataFormatException), null, null, null);
        }

        try
        {
            var node = JsonNode.Parse(document, documentOptions: new JsonDocumentOptions { MaxDepth = Metadata<Targets>.MaxDepth });
            var root = TufJson.AsObject(node, "the document");
            var signedObject = TufJson.RequireObject(root, "signed", "the document");
            var signatures = TufJson.RequireArray(root, "signatures", "the document");
            var signed = Targets.FromJson(signedObject);
            var keyIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in signatures)
            {
                var signature = Signature.FromJson(TufJson.AsObject(item, "a signature"));
                if (!keyIds.Add(signature.KeyId))
                {
                    throw new TufFormatException($"there is more than one signature by the key id '{signature.KeyId}'");
                }
            }

            return new OracleResult(null, null, CanonicalJson.Serialize(signedObject), signed.TargetFiles, signed);
        }
        catch (TufFormatException ex)
        {
            var kind = ex.Problem switch
            {
                TufFormatProblem.WrongType => nameof(TufUnexpectedTypeException),
                TufFormatProblem.UnsupportedSpecVersion => nameof(TufUnsupportedSpecVersionException),
                _ => nameof(TufMetadataFormatException),
            };
            return new OracleResult(ex.Message, kind, null, null, null);
        }
        catch (CanonicalJsonException ex)
        {
            return new OracleResult("'signed' has no canonical JSON form (" + ex.Message.TrimEnd('.') + ")", nameof(TufMetadataFormatException), null, null, null);
        }
    }

    // StrictJson's check as it was before the one tokenizer.
    private static (string Error, long Line)? LegacyCheck(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false, MaxDepth = Metadata<Targets>.MaxDepth });
        var scopes = new Stack<HashSet<string>?>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        scopes.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.StartArray:
                        scopes.Push(null);
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        scopes.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.GetString()!;
                        if (!scopes.Peek()!.Add(name))
                        {
                            return ($"The key '{name}' appears more than once in the same object.", LineOf(utf8Json, reader.TokenStartIndex));
                        }

                        break;
                    case JsonTokenType.String:
                        _ = reader.GetString();
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            return (ex.Message, (ex.LineNumber ?? 0) + 1);
        }
        catch (InvalidOperationException ex)
        {
            return ("A string is not valid Unicode: " + ex.Message, LineOf(utf8Json, reader.TokenStartIndex));
        }

        return null;
    }

    private static long LineOf(ReadOnlySpan<byte> utf8, long index) => 1 + utf8[..(int)Math.Min(index, utf8.Length)].Count((byte)'\n');
}
