using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Attestations;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Tests.Crypto;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Attestations;

public class InTotoStatementTests
{
    private const string Sha256 = "a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf";

    public static IEnumerable<object[]> ExampleStatements()
    {
        var root = RepositoryPaths.Vector("in-toto-attestation");
        if (!Directory.Exists(root))
        {
            yield return new object[] { "(vectors missing)" };
            yield break;
        }

        foreach (var path in Directory.GetFiles(root, "*.json", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal))
        {
            if (JsonNode.Parse(File.ReadAllText(path)) is JsonObject obj && obj.ContainsKey("_type"))
            {
                yield return new object[] { Path.GetRelativePath(root, path) };
            }
        }
    }

    [VectorTheory]
    [MemberData(nameof(ExampleStatements))]
    public void Read_SpecAndRealWorldExamples_AreStatementV1(string relativePath)
    {
        var bytes = File.ReadAllBytes(RepositoryPaths.Vector("in-toto-attestation", relativePath));

        var result = InTotoStatement.Read(bytes);

        Assert.True(result.IsSuccess, result.Error);
        var statement = result.Statement!;
        Assert.Equal(InTotoStatement.StatementTypeV1, statement.Type);
        Assert.NotEmpty(statement.Subject);
        Assert.All(statement.Subject, s => Assert.NotEmpty(s.Digest));
        Assert.False(string.IsNullOrEmpty(statement.PredicateType));

        // Our writer keeps the content: reading what we wrote gives the same statement.
        var again = InTotoStatement.Parse(statement.ToJsonBytes());
        Assert.Equal(statement.ToJsonBytes(), again.ToJsonBytes());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(bytes), JsonNode.Parse(statement.ToJsonBytes())));
    }

    [VectorTheory]
    [InlineData("realworld-from-sigstore-conformance/sigstore-conformance-statement.json")]
    [InlineData("realworld-from-sigstore-conformance/happy-path-intoto-in-dsse-v3.statement.json")]
    [InlineData("realworld-from-sigstore-conformance/rekor2-dsse-happy-path.statement.json")]
    [InlineData("slsa-provenance-v1-buildtype-examples/actions__buildtypes__workflow-v1-example.json")]
    [InlineData("slsa-provenance-v1-buildtype-examples/slsa-framework__github-actions-buildtypes__workflow-v1-example.json")]
    public void Read_SlsaProvenance_HasWellFormedSubjects(string relativePath)
    {
        var statement = InTotoStatement.Parse(File.ReadAllBytes(RepositoryPaths.Vector("in-toto-attestation", relativePath)));

        Assert.Equal(PredicateTypes.SlsaProvenanceV1, statement.PredicateType);
        Assert.All(statement.Subject, s => Assert.True(s.HasWellFormedDigests()));
        Assert.NotNull(statement.Predicate!["buildDefinition"]);
    }

    [VectorFact]
    public void Write_CompactRealWorldStatement_IsByteIdentical()
    {
        var bytes = File.ReadAllBytes(RepositoryPaths.Vector("in-toto-attestation", "realworld-from-sigstore-conformance", "rekor2-dsse-happy-path.statement.json"));

        var statement = InTotoStatement.Parse(bytes);

        Assert.Equal(bytes, statement.ToJsonBytes());
        Assert.Equal(Sha256, statement.Subject[0].Digest["sha256"]);
    }

    [VectorFact]
    public void SpecExampleWithPlaceholderDigest_IsNotWellFormed()
    {
        var statement = InTotoStatement.Parse(File.ReadAllBytes(RepositoryPaths.Vector("in-toto-attestation", "spec-md-blocks", "predicates_svr.L114.json")));

        // "3A244fd47e07d10..." is upper case and truncated.
        Assert.False(statement.Subject[0].HasWellFormedDigests());
    }

    [VectorTheory]
    [InlineData("v1_resource_descriptor.L121.json", true)]
    [InlineData("v1_resource_descriptor.L131.json", true)]
    [InlineData("v1_resource_descriptor.L141.json", true)]
    [InlineData("v1_resource_descriptor.L160.json", true)]
    [InlineData("v1_resource_descriptor.L152.json", false)] // uri only: fine as a descriptor, but a subject needs a digest
    public void ResourceDescriptorExamples_AsSubject(string file, bool valid)
    {
        var descriptor = JsonNode.Parse(File.ReadAllText(RepositoryPaths.Vector("in-toto-attestation", "spec-md-blocks", file)));
        var statement = new JsonObject { ["_type"] = InTotoStatement.StatementTypeV1, ["subject"] = new JsonArray(descriptor), ["predicateType"] = "https://example.com/p" };

        var result = InTotoStatement.Read(Encoding.UTF8.GetBytes(statement.ToJsonString()));

        Assert.Equal(valid, result.IsSuccess);
        if (valid)
        {
            var again = JsonNode.Parse(result.Statement!.ToJsonBytes())!["subject"]![0];
            Assert.True(JsonNode.DeepEquals(descriptor, again));
        }
    }

    [Fact]
    public void ToJsonBytes_IsDeterministicAndCompact()
    {
        var a = new InTotoStatement(
            new[] { new ResourceDescriptor("pkg.1.0.0.nupkg", new Dictionary<string, string> { ["sha512"] = new string('b', 128), ["sha256"] = Sha256 }) },
            PredicateTypes.CycloneDxBom,
            new JsonObject { ["bomFormat"] = "CycloneDX", ["specVersion"] = "1.6" });
        var b = new InTotoStatement(
            new[] { new ResourceDescriptor("pkg.1.0.0.nupkg", new Dictionary<string, string> { ["sha256"] = Sha256, ["sha512"] = new string('b', 128) }) },
            PredicateTypes.CycloneDxBom,
            new JsonObject { ["bomFormat"] = "CycloneDX", ["specVersion"] = "1.6" });

        var text = a.ToJson();

        Assert.Equal(a.ToJsonBytes(), b.ToJsonBytes());
        Assert.Equal(
            "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"pkg.1.0.0.nupkg\",\"digest\":{\"sha256\":\"" + Sha256 + "\",\"sha512\":\"" + new string('b', 128) + "\"}}],\"predicateType\":\"https://cyclonedx.org/bom\",\"predicate\":{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\"}}",
            text);
        Assert.True(a.Subject[0].HasWellFormedDigests());
    }

    [Fact]
    public void Constants_AreTheSpecValues()
    {
        Assert.Equal("https://slsa.dev/provenance/v1", PredicateTypes.SlsaProvenanceV1);
        Assert.Equal("https://cyclonedx.org/bom", PredicateTypes.CycloneDxBom);
        Assert.Equal("application/vnd.in-toto+json", InTotoStatement.PayloadType);
        Assert.Equal("https://in-toto.io/Statement/v1", InTotoStatement.StatementTypeV1);
    }

    [Fact]
    public void Sign_StatementIntoEnvelope_VerifiesAndReadsBack()
    {
        var signer = CryptoTestHelpers.SharedKey(KeyAlgorithm.EcdsaP256);
        var statement = new InTotoStatement(new[] { new ResourceDescriptor("a.txt", new Dictionary<string, string> { ["sha256"] = Sha256 }) }, PredicateTypes.SlsaProvenanceV1, new JsonObject());

        var envelope = statement.Sign(signer);
        var result = envelope.Verify(new[] { signer.PublicKey.CreateVerifier() }, expectedPayloadType: InTotoStatement.PayloadType);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(statement.ToJsonBytes(), InTotoStatement.Parse(result.Payload.Span).ToJsonBytes());
    }

    [Theory]
    [InlineData("{\"_type\":\"https://in-toto.io/Statement/v1\",\"predicateType\":\"p\"}")]
    [InlineData("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[],\"predicateType\":\"p\"}")]
    [InlineData("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\"}],\"predicateType\":\"p\"}")]
    [InlineData("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\",\"digest\":{}}],\"predicateType\":\"p\"}")]
    [InlineData("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\",\"digest\":{\"sha256\":1}}],\"predicateType\":\"p\"}")]
    [InlineData("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":1,\"digest\":{\"sha256\":\"ab\"}}],\"predicateType\":\"p\"}")]
    [InlineData("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha256\":\"ab\"}}]}")]
    [InlineData("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha256\":\"ab\"}}],\"predicateType\":\"\"}")]
    [InlineData("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha256\":\"ab\"}}],\"predicateType\":\"p\",\"predicate\":[]}")]
    [InlineData("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha256\":\"ab\"},\"content\":\"*\"}],\"predicateType\":\"p\"}")]
    [InlineData("{\"_type\":\"https://in-toto.io/Statement/v1\",\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"digest\":{\"sha256\":\"ab\"}}],\"predicateType\":\"p\"}")]
    [InlineData("{\"subject\":[{\"digest\":{\"sha256\":\"ab\"}}],\"predicateType\":\"p\"}")]
    [InlineData("[]")]
    [InlineData("{")]
    public void Read_Malformed_IsScsdk3023(string json)
    {
        var result = InTotoStatement.Read(Encoding.UTF8.GetBytes(json));

        Assert.False(result.IsSuccess);
        Assert.False(result.IsUnsupportedType);
        Assert.Equal("SCSDK3023", result.ToDiagnostic("s.json").Code);
        var ex = Assert.Throws<SupplyChainException>(() => InTotoStatement.Parse(Encoding.UTF8.GetBytes(json), "s.json", 4));
        Assert.Equal(4, ex.Diagnostic.Line);
    }

    [Theory]
    [InlineData("https://in-toto.io/Statement/v0.1")]
    [InlineData("https://in-toto.io/Statement/v1.0")]
    [InlineData("https://in-toto.io/Statement/v2")]
    public void Read_OtherType_IsScsdk3024(string type)
    {
        var json = "{\"_type\":\"" + type + "\",\"subject\":[{\"digest\":{\"sha256\":\"ab\"}}],\"predicateType\":\"p\"}";

        var result = InTotoStatement.Read(Encoding.UTF8.GetBytes(json));

        Assert.True(result.IsUnsupportedType);
        var diagnostic = result.ToDiagnostic("s.json");
        Assert.Equal("SCSDK3024", diagnostic.Code);
        Assert.Contains(type, diagnostic.Message);
    }

    [Fact]
    public void Read_ExtensionFields_AreKeptInOrder()
    {
        var json = "{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"a\",\"digest\":{\"sha256\":\"" + Sha256 + "\"},\"x-ext\":[1]}],\"predicateType\":\"p\",\"predicate\":{\"z\":1,\"a\":2},\"extra\":\"kept\"}";

        var statement = InTotoStatement.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(json, statement.ToJson());
        Assert.Equal("kept", (string)statement.ExtensionFields!["extra"]!);
    }

    [Fact]
    public void Constructor_RequiresSubjectsWithDigests()
    {
        Assert.Throws<ArgumentException>(() => new InTotoStatement(Array.Empty<ResourceDescriptor>(), "p", null));
        Assert.Throws<ArgumentException>(() => new InTotoStatement(new[] { new ResourceDescriptor("a", new Dictionary<string, string>()) }, "p", null));
        Assert.Throws<ArgumentException>(() => new InTotoStatement(new[] { new ResourceDescriptor("a", new Dictionary<string, string> { ["sha256"] = Sha256 }) }, "", null));
    }

    [Fact]
    public void DigestMatches_FollowsTheInTotoRule()
    {
        var descriptor = new ResourceDescriptor("a", new Dictionary<string, string> { ["sha256"] = "abcd", ["sha512"] = "1234" });

        Assert.True(descriptor.DigestMatches(new Dictionary<string, string> { ["sha256"] = "abcd" }));
        Assert.False(descriptor.DigestMatches(new Dictionary<string, string> { ["sha256"] = "fedb", ["sha512"] = "1234" }));
        Assert.False(descriptor.DigestMatches(new Dictionary<string, string> { ["md5"] = "abcd" }));
    }
}
