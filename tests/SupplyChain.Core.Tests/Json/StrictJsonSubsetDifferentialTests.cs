using System;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupplyChain.Core.Json;

namespace SupplyChain.Core.Tests.Json;

/// <summary>
/// <see cref="StrictJson.Parse"/> hands a document to System.Text.Json only after its own reader accepted it, and no
/// longer catches that parser's exceptions. So the strict reader must accept only what System.Text.Json accepts:
/// seeded mutations of real-shaped documents, each parsed by both.
/// </summary>
public class StrictJsonSubsetDifferentialTests
{
    private static readonly string[] s_seeds =
    {
        "{\"signed\":{\"_type\":\"root\",\"version\":1,\"keys\":{\"ab\":{\"keytype\":\"ed25519\"}}},\"signatures\":[{\"keyid\":\"ab\",\"sig\":\"00\"}]}",
        "[1,-2.5e3,true,false,null,\"a\\u00e9\\n\\\"\",{\"k\":[[]]},{}]",
        "{\"a\":\"\\ud83d\\ude00\",\"b\":0.0001,\"c\":[\"x\",{\"d\":{\"e\":[1,2,3]}}]}",
        "  {\n  \"n\": 123456789012345678901234567890,\n  \"s\": \"tab\\tend\"\n}\n",
    };

    private const string Alphabet = "{}[]:,\"\\ 0123456789-+.eEtrufalsn/u\n\t\r\u00e9\ud83d";

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void MutatedDocument_AcceptedByTheStrictReader_IsAcceptedBySystemTextJson(int seed)
    {
        var random = new Random(seed);
        var rejectedByBoth = 0;
        for (var i = 0; i < 5000; i++)
        {
            var text = Mutate(s_seeds[random.Next(s_seeds.Length)], random);
            var bytes = Encoding.UTF8.GetBytes(text);
            if (random.Next(20) == 0 && bytes.Length > 0)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256); // invalid UTF-8 too
            }

            var depth = random.Next(4) == 0 ? 2 : StrictJson.DefaultMaxDepth;
            var strict = StrictJson.Parse(bytes, depth); // must not throw, whatever the input
            bool systemAccepts;
            try
            {
                JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = depth });
                systemAccepts = true;
            }
            catch (JsonException)
            {
                systemAccepts = false;
            }

            if (!systemAccepts)
            {
                Assert.False(strict.IsSuccess, $"accepted by the strict reader, rejected by System.Text.Json: {Convert.ToHexString(bytes)}");
                rejectedByBoth++;
            }
        }

        Assert.True(rejectedByBoth > 1000, $"only {rejectedByBoth} mutants were invalid: the generator does not reach the rejecting paths");
    }

    private static string Mutate(string text, Random random)
    {
        var builder = new StringBuilder(text);
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            var at = random.Next(builder.Length + 1);
            switch (random.Next(3))
            {
                case 0 when at < builder.Length:
                    builder.Remove(at, 1);
                    break;
                case 1 when at < builder.Length:
                    builder[at] = Alphabet[random.Next(Alphabet.Length)];
                    break;
                default:
                    builder.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                    break;
            }
        }

        return builder.ToString();
    }
}
