using System.IO;
using System.Text;
using SupplyChain.Core.Attestations;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Attestations;

public class PaeTests
{
    [Theory]
    [InlineData("", "", "DSSEv1 0  0 ")]
    [InlineData("t", "b", "DSSEv1 1 t 1 b")]
    [InlineData("http://example.com/HelloWorld", "hello world", "DSSEv1 29 http://example.com/HelloWorld 11 hello world")]
    [InlineData("application/vnd.in-toto+json", "{\"a\":1}", "DSSEv1 28 application/vnd.in-toto+json 7 {\"a\":1}")]
    [InlineData("caf\u00e9", "x y", "DSSEv1 5 caf\u00e9 3 x y")]
    public void Encode_KnownInputs_MatchTheSpec(string payloadType, string payload, string expected)
    {
        Assert.Equal(Encoding.UTF8.GetBytes(expected), Pae.Encode(payloadType, Encoding.UTF8.GetBytes(payload)));
    }

    [Fact]
    public void Encode_BinaryPayload_IsCopiedAsIs()
    {
        var payload = new byte[] { 0, 255, 10, 32 };

        var pae = Pae.Encode("b", payload);

        Assert.Equal(Encoding.ASCII.GetBytes("DSSEv1 1 b 4 ").Length + 4, pae.Length);
        Assert.Equal(payload, pae[^4..]);
    }

    [VectorFact]
    public void Encode_ProtocolExample_EqualsThePaeBinVector()
    {
        var payload = File.ReadAllBytes(RepositoryPaths.Vector("dsse", "protocol-example.payload.bin"));
        var expected = File.ReadAllBytes(RepositoryPaths.Vector("dsse", "protocol-example.pae.bin"));

        Assert.Equal(expected, Pae.Encode("http://example.com/HelloWorld", payload));
    }
}
