using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Json;

namespace SupplyChain.Core.Tests.Json;

/// <summary>
/// The canonicaliser that works straight from checked bytes (used for targets metadata, no tree) against
/// <see cref="CanonicalJson.Serialize(JsonNode?)"/> of the parsed value: the same bytes for every input of the
/// canonical JSON tests and for seeded random documents, and the same exception (message) where there is no canonical form.
/// </summary>
public class CanonicalJsonFromBytesDifferentialTests
{
    public static IEnumerable<object[]> ExistingInputs()
    {
        foreach (var vector in CanonicalJsonTests.Vectors)
        {
            yield return new object[] { (string)vector[0] };
        }

        foreach (var rejected in new[] { "1.0", "0.5", "1e2", "1E2", "-1.5e-3", "{\"a\":[1,2.5]}", "{\"b\":1.5,\"a\":2e1}", "[{\"z\":1,\"y\":-0.0}]" })
        {
            yield return new object[] { rejected };
        }

        yield return new object[] { "{\"custom\":{\"z\":[1,-0,\"\\u00e9\\n\"],\"a\":null},\"length\":10,\"hashes\":{\"sha512\":\"f4\",\"sha256\":\"78\"}}" };
        yield return new object[] { "{\"\\ud83d\\ude00\":1,\"\\uffff\":2,\"\\u00e9\":3,\"q\\\"\\\\\":4}" };
    }

    [Theory]
    [MemberData(nameof(ExistingInputs))]
    public void FromBytes_MatchesTheTreeSerializer_OnTheCanonicalJsonTestInputs(string input) => AssertSame(Encoding.UTF8.GetBytes(input));

    [Fact]
    public void FromBytes_MatchesTheTreeSerializer_OnSeededRandomDocuments()
    {
        var random = new Random(20261206);
        for (var i = 0; i < 3000; i++)
        {
            var text = new StringBuilder();
            RandomValue(random, text, 0);
            AssertSame(Encoding.UTF8.GetBytes(text.ToString()), i);
        }
    }

    [Fact]
    public void FromBytes_ObjectOfManyMembers_IsSortedLikeTheTree()
    {
        // More members than the insertion sort handles, in reverse order, some written with escapes.
        var members = Enumerable.Range(0, 200).Reverse().Select(i => i % 7 == 0 ? $"\"k\\u0078{i}\":{i}" : $"\"k{i}\":{i}");
        AssertSame(Encoding.UTF8.GetBytes("{" + string.Join(",", members) + "}"));
    }

    private static void AssertSame(byte[] input, int caseNumber = 0)
    {
        byte[]? expected = null;
        string? expectedError = null;
        try
        {
            expected = CanonicalJson.Serialize(JsonNode.Parse(input));
        }
        catch (CanonicalJsonException ex)
        {
            expectedError = ex.Message;
        }

        var output = new ArrayBufferWriter<byte>();
        string? actualError = null;
        try
        {
            CanonicalJson.WriteCheckedUtf8(input, output);
        }
        catch (CanonicalJsonException ex)
        {
            actualError = ex.Message;
        }

        var text = Encoding.UTF8.GetString(input);
        Assert.True(expectedError == actualError, $"case {caseNumber} {text}: expected error '{expectedError}', got '{actualError}'");
        if (expectedError is null)
        {
            Assert.True(expected!.AsSpan().SequenceEqual(output.WrittenSpan), $"case {caseNumber} {text}: {Encoding.UTF8.GetString(expected!)} != {Encoding.UTF8.GetString(output.WrittenSpan)}");
        }
    }

    private static readonly string[] s_numbers = { "0", "-0", "7", "-17", "1234567890123456789", "-9223372036854775809", "98765432109876543210987", "1.5", "2e3", "-0.0", "1E-2" };

    private static readonly string[] s_pieces = { "a", "b", "B", "aa", "", " ", "\u00e9", "\\u00e9", "\\u0061", "\\\"", "\\\\", "\\/", "\\n", "\\u0000", "\uffff", "\\ud83d\\ude00", "\U0001F600", "\uff61", "<&>", "z" };

    private static void RandomValue(Random random, StringBuilder text, int depth)
    {
        var kind = depth >= 5 ? random.Next(4) : random.Next(7);
        switch (kind)
        {
            case 0:
                text.Append(s_numbers[random.Next(random.Next(4) == 0 ? s_numbers.Length : 7)]);
                break;
            case 1:
                text.Append('"').Append(RandomString(random)).Append('"');
                break;
            case 2:
                text.Append(random.Next(3) switch { 0 => "true", 1 => "false", _ => "null" });
                break;
            case 3:
                text.Append(random.Next(1000).ToString(CultureInfo.InvariantCulture));
                break;
            case 4:
                text.Append("[ ");
                var items = random.Next(4);
                for (var i = 0; i < items; i++)
                {
                    text.Append(i > 0 ? " , " : string.Empty);
                    RandomValue(random, text, depth + 1);
                }

                text.Append(']');
                break;
            default:
                text.Append("{\n");
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var members = random.Next(random.Next(8) == 0 ? 30 : 5);
                var first = true;
                for (var i = 0; i < members; i++)
                {
                    var key = RandomString(random);
                    if (!seen.Add(JsonNode.Parse("\"" + key + "\"")!.GetValue<string>()))
                    {
                        continue;
                    }

                    text.Append(first ? string.Empty : ",\n").Append('"').Append(key).Append("\" : ");
                    first = false;
                    RandomValue(random, text, depth + 1);
                }

                text.Append('}');
                break;
        }
    }

    private static string RandomString(Random random)
    {
        var text = new StringBuilder();
        var count = random.Next(4);
        for (var i = 0; i < count; i++)
        {
            text.Append(s_pieces[random.Next(s_pieces.Length)]);
        }

        return text.ToString();
    }
}
