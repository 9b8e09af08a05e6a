using System;
using System.Linq;
using System.Security.Cryptography;
using SupplyChain.Core.Attestations.Sigstore;
using SupplyChain.Core.Diagnostics;
using SupplyChain.TestUtilities.Sigstore;
using static SupplyChain.Core.Tests.Attestations.Sigstore.SigstoreTestVerification;

namespace SupplyChain.Core.Tests.Attestations.Sigstore;

/// <summary>
/// A Fulcio certificate counts only with a signed certificate timestamp of a CT log the trusted root names, embedded
/// in it (RFC 6962 section 3.3: a TLS-encoded list). The list is read strictly: a truncated or padded list is a
/// malformed bundle, an SCT of another version is no SCT, and one good SCT among bad ones is enough.
/// </summary>
public sealed class SignedCertificateTimestampTests : IClassFixture<SigstoreTestFixture>
{
    private readonly SigstoreTestFixture _fixture;

    public SignedCertificateTimestampTests(SigstoreTestFixture fixture) => _fixture = fixture;

    private (SigstoreVerificationResult Result, DiagnosticBag Sink) VerifyWithSctList(Func<byte[], byte[]> rewrite)
        => Verify(_fixture.IssueLeaf(rewriteSctList: rewrite));

    private (SigstoreVerificationResult Result, DiagnosticBag Sink) Verify(TestSigningCertificate leaf, Action<System.Text.Json.Nodes.JsonObject>? editRoot = null)
    {
        var root = _fixture.TrustedRootJson();
        editRoot?.Invoke(root);
        return SigstoreTestVerification.Verify(_fixture.BuildMessageBundle(Artifact, leaf), OptionsFor(root));
    }

    private static string Refused((SigstoreVerificationResult Result, DiagnosticBag Sink) outcome, string code)
    {
        Assert.False(outcome.Result.IsValid);
        var d = Assert.Single(outcome.Sink.Diagnostics, x => x.Severity == DiagnosticSeverity.Error);
        Assert.Equal(code, d.Code);
        return d.Message;
    }

    // The fixture's list: a two-byte length, then each SCT as a two-byte length and its bytes.
    private static byte[] OnlySct(byte[] list) => list[4..];

    private static byte[] List(params byte[][] scts)
    {
        var body = scts.SelectMany(s => new[] { (byte)(s.Length >> 8), (byte)s.Length }.Concat(s)).ToArray();
        return new[] { (byte)(body.Length >> 8), (byte)body.Length }.Concat(body).ToArray();
    }

    [Fact]
    public void TheFixturesList_RebuiltByTheseHelpers_Verifies()
        => Assert.True(VerifyWithSctList(list => List(OnlySct(list))).Result.IsValid);

    [Fact]
    public void SctListCutShort_IsAMalformedBundle()
        => Assert.Contains("the SCT list is truncated", Refused(VerifyWithSctList(list => list[..^1]), "SCSDK3100"), StringComparison.Ordinal);

    [Fact]
    public void SctListWithBytesAfterIt_IsAMalformedBundle()
        => Assert.Contains("the SCT list has trailing bytes", Refused(VerifyWithSctList(list => list.Concat(new byte[] { 0 }).ToArray()), "SCSDK3100"), StringComparison.Ordinal);

    [Fact]
    public void SctWithBytesAfterItsSignature_IsAMalformedBundle()
        => Assert.Contains("the SCT list has trailing bytes", Refused(VerifyWithSctList(list => List(OnlySct(list).Concat(new byte[] { 0 }).ToArray())), "SCSDK3100"), StringComparison.Ordinal);

    [Fact]
    public void EmptySctList_IsRefused()
        => Assert.Contains("the SCT list is empty", Refused(VerifyWithSctList(_ => List()), "SCSDK3115"), StringComparison.Ordinal);

    [Fact]
    public void SctOfAnotherVersion_IsRefused_EvenWhenItsSignatureWouldVerify()
    {
        var message = Refused(VerifyWithSctList(list => { var sct = OnlySct(list); sct[0] = 1; return List(sct); }), "SCSDK3115");
        Assert.Contains("an SCT of version 1", message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadSctsBeforeAGoodOne_DoNotHideIt()
    {
        // Another version, and a tampered signature: both are passed over, and the good SCT after them counts.
        var outcome = VerifyWithSctList(list =>
        {
            var good = OnlySct(list);
            var otherVersion = (byte[])good.Clone();
            otherVersion[0] = 1;
            var tampered = (byte[])good.Clone();
            tampered[^1] ^= 1;
            return List(otherVersion, tampered, good);
        });
        Assert.True(outcome.Result.IsValid, string.Join(" | ", outcome.Sink.Diagnostics.Select(d => d.Message)));
    }

    [Fact]
    public void EveryBadSct_IsNamedInTheRefusal()
    {
        var message = Refused(VerifyWithSctList(list =>
        {
            var good = OnlySct(list);
            var otherVersion = (byte[])good.Clone();
            otherVersion[0] = 2;
            var tampered = (byte[])good.Clone();
            tampered[^1] ^= 1;
            return List(otherVersion, tampered);
        }), "SCSDK3115");
        Assert.Contains("an SCT of version 2; an SCT whose signature does not verify over the precertificate", message, StringComparison.Ordinal);
    }

    [Fact]
    public void CertificateWithoutAnSctList_IsRefused_SayingSo()
        => Assert.Contains("the certificate has no embedded SCT list", Refused(Verify(_fixture.IssueLeaf(includeSct: false)), "SCSDK3115"), StringComparison.Ordinal);

    [Fact]
    public void SctOfALogTheTrustedRootDoesNotName_IsRefused_NamingTheLog()
    {
        using var unknown = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var logId = Convert.ToHexString(SHA256.HashData(unknown.ExportSubjectPublicKeyInfo())).ToLowerInvariant();
        var message = Refused(Verify(_fixture.IssueLeaf(ctLogKey: unknown)), "SCSDK3115");
        Assert.Contains($"an SCT by the log {logId}, which is not a CT log of the trusted root", message, StringComparison.Ordinal);
    }

    [Fact]
    public void SctOlderThanItsLogKey_IsRefused()
    {
        // The SCT is of notBefore + 1 s (59 s before the signing time); the log key is valid only from 30 s before it, with
        // no end: an SCT time read as any later time would fall inside.
        var message = Refused(
            Verify(_fixture.IssueLeaf(), root => root["ctlogs"]![0]!["publicKey"]!["validFor"] = new System.Text.Json.Nodes.JsonObject { ["start"] = SigstoreTestFixture.SigningTime.AddSeconds(-30).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture) }),
            "SCSDK3115");
        Assert.Contains("outside its log key's validity", message, StringComparison.Ordinal);
    }
}
