using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SupplyChain.Core.Crypto;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Json;
using SupplyChain.Core.Packages;
using PublicKey = SupplyChain.Core.Crypto.PublicKey;

namespace SupplyChain.Core.Attestations.Sigstore;

/// <summary>
/// Verifies a Sigstore bundle (v0.1, v0.2, v0.3) offline: keyless bundles against a trusted root and an expected
/// identity, key-based bundles (ours) against trusted keys. Each step is a coded failure (SCSDK3100–SCSDK3119); the
/// first failing step is reported and the bundle is refused. Nothing is fetched.
/// </summary>
public static class SigstoreVerifier
{
    /// <summary>The largest artifact hashed or read for a message signature that needs its bytes, in bytes.</summary>
    public const long MaxArtifactSize = 1L << 30;

    private const string TimestampingOid = "1.3.6.1.5.5.7.3.8";

    /// <summary>Verifies a bundle file against an artifact.</summary>
    public static SigstoreVerificationResult VerifyFile(string bundlePath, SigstoreArtifact artifact, SigstoreVerificationOptions options, IDiagnosticSink sink)
    {
        ArgumentNullException.ThrowIfNull(bundlePath);
        byte[] content;
        try
        {
            var info = new FileInfo(bundlePath);
            if (!info.Exists)
            {
                throw SupplyChainException.Create(DiagnosticCatalog.Input_NotFound, bundlePath, 0, bundlePath, "--bundle");
            }

            if (info.Length > AttestationVerifier.MaxFileSize)
            {
                throw SupplyChainException.Create(DiagnosticCatalog.Input_Unreadable, bundlePath, 0, bundlePath, "it is too large");
            }

            content = File.ReadAllBytes(bundlePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SupplyChainException(Diagnostic.Create(DiagnosticCatalog.Input_Unreadable, bundlePath, 0, bundlePath, ex.Message), ex);
        }

        return Verify(content, bundlePath, artifact, options, sink);
    }

    /// <summary>Verifies a bundle's bytes against an artifact; reports the failing step and returns an invalid result on failure.</summary>
    public static SigstoreVerificationResult Verify(ReadOnlySpan<byte> bundleJson, string displayPath, SigstoreArtifact artifact, SigstoreVerificationOptions options, IDiagnosticSink sink)
    {
        ArgumentNullException.ThrowIfNull(displayPath);
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sink);
        var bundle = SigstoreBundleDocument.Read(bundleJson, displayPath, sink);
        if (bundle is null)
        {
            return SigstoreVerificationResult.Failed;
        }

        try
        {
            return new Run(bundle, displayPath, artifact, options, sink).Execute();
        }
        catch (Exception ex) when (ex is CryptographicException or System.Formats.Asn1.AsnContentException or FormatException or ArgumentException)
        {
            sink.Report(Diagnostic.Create(DiagnosticCatalog.Sigstore_BundleMalformed, displayPath, 0, displayPath, "a value cannot be decoded: " + ex.Message));
            return SigstoreVerificationResult.Failed;
        }
    }

    private sealed class Run
    {
        private readonly SigstoreBundleDocument _bundle;
        private readonly string _path;
        private readonly SigstoreArtifact _artifact;
        private readonly SigstoreVerificationOptions _options;
        private readonly IDiagnosticSink _sink;
        private AttestationSubjectMatch _match = AttestationSubjectMatch.FileDigest;

        public Run(SigstoreBundleDocument bundle, string path, SigstoreArtifact artifact, SigstoreVerificationOptions options, IDiagnosticSink sink)
        {
            _bundle = bundle;
            _path = path;
            _artifact = artifact;
            _options = options;
            _sink = sink;
        }

        public SigstoreVerificationResult Execute()
        {
            PublicKey signingKey;
            X509Certificate2? leaf = null;
            string? keyId = null;
            if (_bundle.IsKeyBased)
            {
                if (_options.TrustedKeys.Count == 0)
                {
                    return Fail(DiagnosticCatalog.Sigstore_VerificationInputInvalid, "the bundle is signed with a public key, and no trusted key was given (--key)");
                }

                var key = _options.TrustedKeys.FirstOrDefault(k => VerifySignatureWith(k, out _));
                if (key is null)
                {
                    return Fail(DiagnosticCatalog.Sigstore_KeyNotTrusted, _bundle.PublicKeyHint is null ? "no key hint" : "hint '" + _bundle.PublicKeyHint + "'");
                }

                signingKey = key;
                keyId = key.KeyId;
            }
            else
            {
                if (_options.TrustedRoot is null || _options.Identity is null)
                {
                    return Fail(DiagnosticCatalog.Sigstore_VerificationInputInvalid, "a keyless bundle needs a trusted root and the expected identity (--certificate-identity or --certificate-identity-regexp, and --certificate-oidc-issuer)");
                }

                leaf = _bundle.Certificates[0];
                signingKey = PublicKey.FromSubjectPublicKeyInfo(leaf.PublicKey.ExportSubjectPublicKeyInfo(), "the signing certificate");
            }

            // 1. The signature and what it is about.
            if (!VerifySignatureWith(signingKey, out var why))
            {
                return Fail(DiagnosticCatalog.Sigstore_SignatureInvalid, why!);
            }

            InTotoStatement? statement = null;
            if (_bundle.Envelope is { } envelope)
            {
                statement = ReadStatement(envelope);
                if (statement is null)
                {
                    return SigstoreVerificationResult.Failed;
                }
            }
            else if (_bundle.MessageSignature!.Digest is { } digest)
            {
                if (!string.Equals(_bundle.MessageSignature.DigestAlgorithm, "SHA2_256", StringComparison.Ordinal))
                {
                    return Fail(DiagnosticCatalog.Sigstore_ArtifactMismatch, _artifact.Name, $"the message digest algorithm '{_bundle.MessageSignature.DigestAlgorithm}' is not SHA2_256");
                }

                if (!digest.AsSpan().SequenceEqual(_artifact.Sha256))
                {
                    return Fail(DiagnosticCatalog.Sigstore_ArtifactMismatch, _artifact.Name, $"the bundle's message digest is sha256 {Convert.ToHexString(digest).ToLowerInvariant()}, the artifact's is {_artifact.ToDigestText()}");
                }
            }

            // 2. Transparency-log entries and timestamps: the signing times.
            var times = new List<(DateTimeOffset Time, string Source)>();
            long? logIndex = null;
            if (_options.TrustedRoot is null)
            {
                if (_bundle.TlogEntries.Count + _bundle.Rfc3161Timestamps.Count > 0)
                {
                    _sink.Report(Diagnostic.Create(DiagnosticCatalog.Sigstore_TlogNotVerified, _path, 0, _path, _bundle.TlogEntries.Count + _bundle.Rfc3161Timestamps.Count));
                }
            }
            else
            {
                foreach (var entry in _bundle.TlogEntries)
                {
                    if (!VerifyEntry(entry, signingKey, leaf, out var integrated))
                    {
                        return SigstoreVerificationResult.Failed;
                    }

                    logIndex ??= entry.LogIndex;
                    if (integrated is { } t)
                    {
                        times.Add((t, "rekor:" + entry.LogIndex.ToString(CultureInfo.InvariantCulture)));
                    }
                }

                for (var i = 0; i < _bundle.Rfc3161Timestamps.Count; i++)
                {
                    var time = VerifyTimestamp(_bundle.Rfc3161Timestamps[i], i);
                    if (time is null)
                    {
                        return SigstoreVerificationResult.Failed;
                    }

                    times.Add((time.Value, "rfc3161"));
                }
            }

            if (leaf is null)
            {
                _sink.Trace($"{_path}: signed by the trusted key {keyId}.");
                var first = times.OrderBy(t => t.Time).FirstOrDefault();
                return new SigstoreVerificationResult(true, null, null, keyId, times.Count == 0 ? null : first.Time, times.Count == 0 ? null : first.Source, logIndex, statement) { Match = _match };
            }

            // Keyless signatures are logged wherever the trusted root names a log (as cosign, sigstore-js and
            // gh attestation verify require): a timestamp alone would let a stolen identity sign unseen.
            if (_options.TrustedRoot is { TransparencyLogs.Count: > 0 } root && _bundle.TlogEntries.Count == 0)
            {
                return Fail(DiagnosticCatalog.Sigstore_TlogEntryMissing, root.TransparencyLogs.Count);
            }

            if (times.Count == 0)
            {
                return Fail(DiagnosticCatalog.Sigstore_SigningTimeMissing, "it has no transparency-log entry with a verified signed entry timestamp and no verified RFC 3161 timestamp");
            }

            // 3. The certificate chains to a trusted CA at every signing time.
            X509Certificate2? issuer = null;
            foreach (var (time, source) in times)
            {
                issuer = BuildChain(leaf, time, source);
                if (issuer is null)
                {
                    return SigstoreVerificationResult.Failed;
                }
            }

            if (!FulcioCertificate.HasCodeSigningUsage(leaf))
            {
                return Fail(DiagnosticCatalog.Sigstore_CertificateChainInvalid, times[0].Time.ToString("O", CultureInfo.InvariantCulture), "the certificate is not for code signing (no code-signing extended key usage)");
            }

            // 4. The embedded SCT.
            if (!VerifySct(leaf, issuer!))
            {
                return SigstoreVerificationResult.Failed;
            }

            // 5. The identity.
            var names = FulcioCertificate.SubjectAlternativeNames(leaf);
            var identity = names.FirstOrDefault(_options.Identity!.Matches);
            if (identity is null)
            {
                return Fail(DiagnosticCatalog.Sigstore_IdentityMismatch, names.Count == 0 ? "(no URI or e-mail name)" : string.Join("', '", names), _options.Identity.ToString());
            }

            var oidcIssuer = FulcioCertificate.Issuer(leaf);
            if (!string.Equals(oidcIssuer, _options.Identity.Issuer, StringComparison.Ordinal))
            {
                return Fail(DiagnosticCatalog.Sigstore_IssuerMismatch, oidcIssuer ?? "(none)", _options.Identity.Issuer);
            }

            var earliest = times.OrderBy(t => t.Time).First();
            _sink.Trace($"{_path}: signed by '{identity}' (issuer '{oidcIssuer}') at {earliest.Time:O} ({earliest.Source}).");
            return new SigstoreVerificationResult(true, identity, oidcIssuer, null, earliest.Time, earliest.Source, logIndex, statement) { Match = _match };
        }

        private SigstoreVerificationResult Fail(DiagnosticDescriptor descriptor, params object?[] args)
        {
            var all = new object?[args.Length + 1];
            all[0] = _path;
            Array.Copy(args, 0, all, 1, args.Length);
            _sink.Report(Diagnostic.Create(descriptor, _path, 0, all));
            return SigstoreVerificationResult.Failed;
        }

        private bool VerifySignatureWith(PublicKey key, out string? why)
        {
            why = null;
            if (_bundle.Envelope is { } envelope)
            {
                if (!string.Equals(envelope.PayloadType, InTotoStatement.PayloadType, StringComparison.Ordinal))
                {
                    why = $"the DSSE payload type is '{envelope.PayloadType}', not '{InTotoStatement.PayloadType}'";
                    return false;
                }

                if (!key.Verify(envelope.GetPreAuthenticationEncoding(), envelope.Signatures[0].Signature.Span))
                {
                    why = "the DSSE signature over the envelope's payload does not verify with the signing key";
                    return false;
                }

                return true;
            }

            var signature = _bundle.MessageSignature!.Signature;
            bool ok;
            if (key.Algorithm == KeyAlgorithm.EcdsaP256)
            {
                using var ecdsa = ECDsa.Create();
                ecdsa.ImportSubjectPublicKeyInfo(key.SubjectPublicKeyInfo, out _);
                ok = ecdsa.VerifyHash(_artifact.Sha256, signature, DSASignatureFormat.Rfc3279DerSequence);
            }
            else if (_artifact.Path is { } file && new FileInfo(file).Length <= MaxArtifactSize)
            {
                ok = key.Verify(File.ReadAllBytes(file), signature);
            }
            else
            {
                why = $"a {key.Algorithm.ToName()} message signature is verified over the artifact's bytes; give the artifact file, not its digest";
                return false;
            }

            if (!ok)
            {
                why = "the message signature over the artifact does not verify with the signing key";
            }

            return ok;
        }

        private InTotoStatement? ReadStatement(DsseEnvelope envelope)
        {
            var read = InTotoStatement.Read(envelope.Payload.Span);
            if (!read.IsSuccess)
            {
                Fail(DiagnosticCatalog.Sigstore_StatementInvalid, read.Error);
                return null;
            }

            var statement = read.Statement!;
            if (_options.PredicateTypes is { } accepted && !accepted.Contains(statement.PredicateType, StringComparer.Ordinal))
            {
                Fail(DiagnosticCatalog.Sigstore_StatementInvalid, $"the predicate type '{statement.PredicateType}' is not one of {string.Join(", ", accepted.Select(t => "'" + t + "'"))}");
                return null;
            }

            var digest = new Dictionary<string, string>(StringComparer.Ordinal) { ["sha256"] = _artifact.Sha256Hex };
            if (statement.Subject.Any(s => s.DigestMatches(digest)))
            {
                return statement;
            }

            // A .nupkg a feed repository-signed after it was attested: the subject's NuGet content hash, when the package
            // carries exactly one repository signature over exactly the attested content (RepositorySignature).
            var subjectsWithContentHash = statement.Subject.Where(s => s.Digest.ContainsKey(ResourceDescriptor.NuGetContentSha512)).ToList();
            if (_artifact.Path is { } path && subjectsWithContentHash.Count > 0)
            {
                var check = RepositorySignature.Inspect(path);
                if (check.ContentSha512Hex is { } actual && subjectsWithContentHash.Any(s => string.Equals(s.Digest[ResourceDescriptor.NuGetContentSha512], actual, StringComparison.Ordinal)))
                {
                    if (check.IsRepositorySigned)
                    {
                        _match = AttestationSubjectMatch.ContentHashAfterRepositorySignature;
                        return statement;
                    }

                    Fail(DiagnosticCatalog.Sigstore_ArtifactMismatch, _artifact.Name, $"its NuGet content hash is the subject's, but the package is not the attested one plus exactly one repository signature: {check.Reason}");
                    return null;
                }
            }

            Fail(DiagnosticCatalog.Sigstore_ArtifactMismatch, _artifact.Name, $"no subject of the statement has the artifact's {_artifact.ToDigestText()}");
            return null;
        }

        private bool VerifyEntry(SigstoreTlogEntry entry, PublicKey signingKey, X509Certificate2? leaf, out DateTimeOffset? integratedTime)
        {
            integratedTime = null;
            var where = entry.LogIndex.ToString(CultureInfo.InvariantCulture);
            var log = TrustedRoot.FindLog(_options.TrustedRoot!.TransparencyLogs, entry.LogId);
            if (log is null)
            {
                Fail(DiagnosticCatalog.Sigstore_TlogEntryUnsupported, where, $"its log id {Convert.ToHexString(entry.LogId).ToLowerInvariant()} is not a transparency log of the trusted root");
                return false;
            }

            if (CheckBody(entry, signingKey, leaf) is { } mismatch)
            {
                Fail(mismatch.Unsupported ? DiagnosticCatalog.Sigstore_TlogEntryUnsupported : DiagnosticCatalog.Sigstore_TlogBodyMismatch, where, mismatch.Reason);
                return false;
            }

            if (entry.SignedEntryTimestamp is { } set)
            {
                var time = DateTimeOffset.FromUnixTimeSeconds(Math.Min(entry.IntegratedTime, 253402300799L));
                if (!log.ValidFor.Contains(time))
                {
                    Fail(DiagnosticCatalog.Sigstore_TlogPromiseInvalid, where, $"the integrated time {time:O} is outside the log key's validity");
                    return false;
                }

                var payload = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"body\":\"{Convert.ToBase64String(entry.CanonicalizedBody)}\",\"integratedTime\":{entry.IntegratedTime},\"logID\":\"{Convert.ToHexString(entry.LogId).ToLowerInvariant()}\",\"logIndex\":{entry.LogIndex}}}"));
                if (!log.Key.Verify(payload, set))
                {
                    Fail(DiagnosticCatalog.Sigstore_TlogPromiseInvalid, where, "the signature does not verify");
                    return false;
                }

                integratedTime = time;
            }

            if (entry.InclusionProof is { } proof)
            {
                var leafHash = MerkleProof.HashLeaf(entry.CanonicalizedBody);
                var root = MerkleProof.RootFromInclusionProof(proof.LogIndex, proof.TreeSize, leafHash, proof.Hashes, out var error);
                if (root is null || !root.AsSpan().SequenceEqual(proof.RootHash))
                {
                    Fail(DiagnosticCatalog.Sigstore_InclusionProofInvalid, where, error ?? "the audit path does not lead to the root hash");
                    return false;
                }

                if (proof.Checkpoint is { } text && CheckCheckpoint(text, proof, log) is { } checkpointError)
                {
                    Fail(DiagnosticCatalog.Sigstore_CheckpointInvalid, where, checkpointError);
                    return false;
                }
            }

            return true;
        }

        private static string? CheckCheckpoint(string text, SigstoreInclusionProof proof, TransparencyLogKey log)
        {
            var checkpoint = SignedCheckpoint.Parse(text, out var error);
            if (checkpoint is null)
            {
                return error;
            }

            if (checkpoint.TreeSize != proof.TreeSize || !checkpoint.RootHash.AsSpan().SequenceEqual(proof.RootHash))
            {
                return $"it is for a tree of {checkpoint.TreeSize} leaves with another root, not the proof's tree of {proof.TreeSize}";
            }

            foreach (var (_, hint, signature) in checkpoint.Signatures)
            {
                if (hint.AsSpan().SequenceEqual(log.LogId.AsSpan(0, 4)) && log.Key.Verify(checkpoint.SignedText, signature))
                {
                    return null;
                }
            }

            return "no signature line verifies with the log's key";
        }

        private (bool Unsupported, string Reason)? CheckBody(SigstoreTlogEntry entry, PublicKey signingKey, X509Certificate2? leaf)
        {
            var parsed = StrictJson.Parse(entry.CanonicalizedBody);
            if (!parsed.IsSuccess || parsed.Node is not JsonObject body)
            {
                return (false, "its body is not a JSON object");
            }

            var kind = SigstoreJson.OptionalString(body, "kind");
            var version = SigstoreJson.OptionalString(body, "apiVersion");
            if (!string.Equals(kind, entry.Kind, StringComparison.Ordinal) || !string.Equals(version, entry.KindVersion, StringComparison.Ordinal))
            {
                return (false, $"its body is of kind '{kind}' {version}, the entry says '{entry.Kind}' {entry.KindVersion}");
            }

            var spec = SigstoreJson.Object(body, "spec");
            var signature = _bundle.SignatureBytes;
            switch ((kind, version))
            {
                case ("hashedrekord", "0.0.1"):
                    {
                        if (_bundle.MessageSignature is null)
                        {
                            return (false, "a hashedrekord entry records a message signature, and this bundle has a DSSE envelope");
                        }

                        var hash = SigstoreJson.Object(SigstoreJson.Object(spec, "data"), "hash");
                        if (SigstoreJson.String(hash, "algorithm") != "sha256" || !string.Equals(SigstoreJson.String(hash, "value"), _artifact.Sha256Hex, StringComparison.OrdinalIgnoreCase))
                        {
                            return (false, $"it records the artifact digest {SigstoreJson.String(hash, "algorithm")} {SigstoreJson.String(hash, "value")}, not the artifact's {_artifact.ToDigestText()}");
                        }

                        var sig = SigstoreJson.Object(spec, "signature");
                        if (!SigstoreJson.Bytes(sig, "content").AsSpan().SequenceEqual(signature))
                        {
                            return (false, "it records another signature");
                        }

                        return VerifierMatches(SigstoreJson.Bytes(SigstoreJson.Object(sig, "publicKey"), "content"), signingKey, leaf) ? null : (false, "it records another certificate or key");
                    }

                case ("dsse", "0.0.1"):
                    {
                        if (_bundle.Envelope is not { } envelope)
                        {
                            return (false, "a dsse entry records a DSSE envelope, and this bundle has a message signature");
                        }

                        if (CheckPayloadHash(SigstoreJson.Object(spec, "payloadHash"), envelope) is { } payloadError)
                        {
                            return (false, payloadError);
                        }

                        var signatures = SigstoreJson.OptionalArray(spec, "signatures") ?? new JsonArray();
                        if (signatures.Count != 1)
                        {
                            return (false, $"it records {signatures.Count} signatures, the envelope has one");
                        }

                        if (!SigstoreJson.Bytes(signatures[0], "signature").AsSpan().SequenceEqual(signature))
                        {
                            return (false, "it records another signature");
                        }

                        return VerifierMatches(SigstoreJson.Bytes(signatures[0], "verifier"), signingKey, leaf) ? null : (false, "it records another certificate or key");
                    }

                case ("intoto", "0.0.2"):
                    {
                        if (_bundle.Envelope is not { } envelope)
                        {
                            return (false, "an intoto entry records a DSSE envelope, and this bundle has a message signature");
                        }

                        var content = SigstoreJson.Object(spec, "content");
                        if (CheckPayloadHash(SigstoreJson.Object(content, "payloadHash"), envelope) is { } payloadError)
                        {
                            return (false, payloadError);
                        }

                        var signatures = SigstoreJson.OptionalArray(SigstoreJson.Object(content, "envelope"), "signatures") ?? new JsonArray();
                        if (signatures.Count != 1)
                        {
                            return (false, $"it records {signatures.Count} signatures, the envelope has one");
                        }

                        // intoto 0.0.2 stores the base64 signature text base64-encoded once more.
                        var recorded = SigstoreJson.DecodeBase64(Encoding.ASCII.GetString(SigstoreJson.Bytes(signatures[0], "sig")), "sig");
                        if (!recorded.AsSpan().SequenceEqual(signature))
                        {
                            return (false, "it records another signature");
                        }

                        return VerifierMatches(SigstoreJson.Bytes(signatures[0], "publicKey"), signingKey, leaf) ? null : (false, "it records another certificate or key");
                    }

                default:
                    return (true, $"its kind '{kind}' {version} is not verified");
            }
        }

        private static string? CheckPayloadHash(JsonObject payloadHash, DsseEnvelope envelope)
        {
            var expected = Convert.ToHexString(SHA256.HashData(envelope.Payload.Span)).ToLowerInvariant();
            return SigstoreJson.String(payloadHash, "algorithm") == "sha256" && string.Equals(SigstoreJson.String(payloadHash, "value"), expected, StringComparison.OrdinalIgnoreCase)
                ? null
                : "it records the hash of another payload";
        }

        private static bool VerifierMatches(byte[] pemBytes, PublicKey signingKey, X509Certificate2? leaf)
        {
            var pem = Encoding.ASCII.GetString(pemBytes);
            if (!PemEncoding.TryFind(pem, out var fields))
            {
                return false;
            }

            var label = pem[fields.Label];
            var der = Convert.FromBase64String(pem[fields.Base64Data]);
            return label switch
            {
                "CERTIFICATE" => leaf is not null && der.AsSpan().SequenceEqual(leaf.RawData),
                "PUBLIC KEY" => leaf is null && der.AsSpan().SequenceEqual(signingKey.SubjectPublicKeyInfo),
                _ => false,
            };
        }

        private DateTimeOffset? VerifyTimestamp(byte[] token, int index)
        {
            var where = "#" + (index + 1).ToString(CultureInfo.InvariantCulture);
            var authorities = _options.TrustedRoot!.TimestampAuthorities;
            var candidates = authorities.SelectMany(a => a.Certificates).ToList();
            var verified = Rfc3161Timestamp.Verify(token, _bundle.SignatureBytes, candidates, out var error);
            if (verified is null)
            {
                Fail(DiagnosticCatalog.Sigstore_TimestampInvalid, where, error);
                return null;
            }

            var (time, signer) = verified.Value;
            foreach (var tsa in authorities)
            {
                if (!tsa.ValidFor.Contains(time))
                {
                    continue;
                }

                if (ChainTo(signer, tsa, time, TimestampingOid, out _) is not null)
                {
                    return time;
                }
            }

            Fail(DiagnosticCatalog.Sigstore_TimestampInvalid, where, $"its signer '{signer.Subject}' does not chain to a timestamp authority of the trusted root valid at {time:O}");
            return null;
        }

        private X509Certificate2? BuildChain(X509Certificate2 leaf, DateTimeOffset time, string source)
        {
            var reasons = new List<string>();
            foreach (var ca in _options.TrustedRoot!.CertificateAuthorities)
            {
                if (!ca.ValidFor.Contains(time))
                {
                    reasons.Add($"'{ca.Certificates[^1].Subject}' is not valid then");
                    continue;
                }

                var issuer = ChainTo(leaf, ca, time, FulcioCertificate.CodeSigningOid, out var why);
                if (issuer is not null)
                {
                    return issuer;
                }

                reasons.Add($"'{ca.Certificates[^1].Subject}': {why}");
            }

            Fail(DiagnosticCatalog.Sigstore_CertificateChainInvalid, $"{time:O}, {source}", reasons.Count == 0 ? "the trusted root has no certificate authority" : string.Join("; ", reasons));
            return null;
        }

        /// <summary>Builds the chain of <paramref name="leaf"/> to the authority's root at <paramref name="time"/>; returns the leaf's issuer or null.</summary>
        private static X509Certificate2? ChainTo(X509Certificate2 leaf, CertificateAuthority authority, DateTimeOffset time, string usage, out string? why)
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.DisableCertificateDownloads = true;
            chain.ChainPolicy.VerificationTime = time.UtcDateTime;
            chain.ChainPolicy.VerificationTimeIgnored = false;
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid(usage));
            var root = authority.Certificates[^1];
            chain.ChainPolicy.CustomTrustStore.Add(root);
            for (var i = 0; i < authority.Certificates.Count - 1; i++)
            {
                chain.ChainPolicy.ExtraStore.Add(authority.Certificates[i]);
            }

            var built = chain.Build(leaf);
            if (!built)
            {
                why = string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct());
                return null;
            }

            if (chain.ChainElements.Count < 2 || !chain.ChainElements[^1].Certificate.RawData.AsSpan().SequenceEqual(root.RawData))
            {
                why = "the chain does not end at the authority's root";
                return null;
            }

            why = null;
            return chain.ChainElements[1].Certificate;
        }

        private bool VerifySct(X509Certificate2 leaf, X509Certificate2 issuer)
        {
            var (tbs, list) = FulcioCertificate.SplitPrecertificate(leaf);
            if (list is null)
            {
                Fail(DiagnosticCatalog.Sigstore_SctInvalid, "the certificate has no embedded SCT list");
                return false;
            }

            var issuerKeyHash = SHA256.HashData(issuer.PublicKey.ExportSubjectPublicKeyInfo());
            var reasons = new List<string>();
            var reader = new TlsReader(list);
            var all = new TlsReader(reader.ReadVector(2));
            reader.EnsureEnd();
            while (!all.AtEnd)
            {
                var sct = new TlsReader(all.ReadVector(2));
                var version = sct.ReadByte();
                var logId = sct.ReadBytes(32);
                var timestamp = sct.ReadUInt(8);
                var extensions = sct.ReadVector(2);
                sct.ReadByte(); // hash algorithm
                sct.ReadByte(); // signature algorithm
                var signature = sct.ReadVector(2);
                sct.EnsureEnd();
                if (version != 0)
                {
                    reasons.Add($"an SCT of version {version}");
                    continue;
                }

                var log = TrustedRoot.FindLog(_options.TrustedRoot!.CertificateTransparencyLogs, logId);
                if (log is null)
                {
                    reasons.Add($"an SCT by the log {Convert.ToHexString(logId).ToLowerInvariant()}, which is not a CT log of the trusted root");
                    continue;
                }

                var time = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Min(timestamp, 253402300799000UL));
                if (!log.ValidFor.Contains(time))
                {
                    reasons.Add($"an SCT of {time:O}, outside its log key's validity");
                    continue;
                }

                var signed = new List<byte>(tbs.Length + 64) { 0, 0 };
                for (var shift = 56; shift >= 0; shift -= 8)
                {
                    signed.Add((byte)(timestamp >> shift));
                }

                signed.AddRange(new byte[] { 0, 1 });
                signed.AddRange(issuerKeyHash);
                signed.AddRange(new[] { (byte)(tbs.Length >> 16), (byte)(tbs.Length >> 8), (byte)tbs.Length });
                signed.AddRange(tbs);
                signed.AddRange(new[] { (byte)(extensions.Length >> 8), (byte)extensions.Length });
                signed.AddRange(extensions);
                if (log.Key.Verify(signed.ToArray(), signature))
                {
                    return true;
                }

                reasons.Add("an SCT whose signature does not verify over the precertificate");
            }

            Fail(DiagnosticCatalog.Sigstore_SctInvalid, reasons.Count == 0 ? "the SCT list is empty" : string.Join("; ", reasons));
            return false;
        }
    }

    private sealed class TlsReader
    {
        private readonly byte[] _data;
        private int _position;

        public TlsReader(byte[] data) => _data = data;

        public bool AtEnd => _position == _data.Length;

        public byte ReadByte() => ReadBytes(1)[0];

        public ulong ReadUInt(int length)
        {
            ulong value = 0;
            foreach (var b in ReadBytes(length))
            {
                value = (value << 8) | b;
            }

            return value;
        }

        public byte[] ReadVector(int lengthBytes) => ReadBytes((int)ReadUInt(lengthBytes));

        public byte[] ReadBytes(int count)
        {
            if (count < 0 || _data.Length - _position < count)
            {
                throw new FormatException("the SCT list is truncated");
            }

            var result = _data.AsSpan(_position, count).ToArray();
            _position += count;
            return result;
        }

        public void EnsureEnd()
        {
            if (!AtEnd)
            {
                throw new FormatException("the SCT list has trailing bytes");
            }
        }
    }
}
