using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace SupplyChain.TestUtilities.Sigstore;

/// <summary>A Fulcio-like signing certificate and its private key.</summary>
public sealed record TestSigningCertificate(X509Certificate2 Certificate, ECDsa Key);

/// <summary>How <see cref="SigstoreTestFixture.BuildBundle"/> makes a bundle.</summary>
public sealed class TestBundleOptions
{
    /// <summary>"0.1", "0.2" or "0.3".</summary>
    public string Version { get; init; } = "0.3";

    /// <summary>The Rekor entry kind: "hashedrekord", "dsse", "intoto", or null for no log entry.</summary>
    public string? EntryKind { get; init; }

    public bool IncludePromise { get; init; } = true;

    public bool IncludeProof { get; init; } = true;

    public bool IncludeTimestamp { get; init; }

    /// <summary>The time the log integrates the entry (and the TSA stamps); the fixture's signing time when null.</summary>
    public DateTimeOffset? IntegratedTime { get; init; }

    /// <summary>The body written to the log in place of the right one (an entry for another artifact).</summary>
    public byte[]? BodyOverride { get; init; }

    /// <summary>The TSA that stamps (default: the fixture's trusted one).</summary>
    public (X509Certificate2 Certificate, ECDsa Key)? Tsa { get; init; }
}

/// <summary>
/// Builds Sigstore material for tests, at test time (no committed keys): a root CA and intermediate, Fulcio-like
/// leaves with SAN and issuer extensions and an embedded SCT by a test CT log over the real precertificate, a
/// transparency log with a real Merkle tree, inclusion proofs and signed checkpoints, an RFC 3161 TSA, the trusted
/// root that names them all, and bundles v0.1–v0.3 (message signature or DSSE) as mutable JSON.
/// </summary>
public sealed class SigstoreTestFixture : IDisposable
{
    public const string GitHubIssuer = "https://token.actions.githubusercontent.com";
    public const string WorkflowIdentity = "https://github.com/contoso/lib/.github/workflows/release.yml@refs/heads/main";

    /// <summary>When the fixture signs (fixed, so the tests are deterministic in time).</summary>
    public static readonly DateTimeOffset SigningTime = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public SigstoreTestFixture()
    {
        RootKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        IntermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Root = CreateCa("CN=sigstore-test-root,O=test", RootKey, null, null, SigningTime.AddYears(-2), SigningTime.AddYears(5), codeSigning: false);
        Intermediate = CreateCa("CN=sigstore-test-intermediate,O=test", IntermediateKey, Root, RootKey, SigningTime.AddYears(-1), SigningTime.AddYears(4), codeSigning: true);
        CtLogKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Log = new TestTransparencyLog();
        TsaRootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        TsaRoot = CreateCa("CN=tsa-test-root,O=test", TsaRootKey, null, null, SigningTime.AddYears(-2), SigningTime.AddYears(5), codeSigning: false);
        (TsaCertificate, TsaKey) = CreateTsa("CN=tsa-test,O=test", TsaRoot, TsaRootKey);

        // Entries of other signers before ours, so proofs have real paths.
        for (var i = 0; i < 5; i++)
        {
            Log.Append(Encoding.UTF8.GetBytes("{\"other\":" + i + "}"));
        }
    }

    public ECDsa RootKey { get; }

    public ECDsa IntermediateKey { get; }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    public ECDsa CtLogKey { get; }

    public TestTransparencyLog Log { get; }

    public ECDsa TsaRootKey { get; }

    public X509Certificate2 TsaRoot { get; }

    public X509Certificate2 TsaCertificate { get; }

    public ECDsa TsaKey { get; }

    /// <summary>The trusted root JSON naming the fixture's CA, log, CT log and TSA.</summary>
    public JsonObject TrustedRootJson()
    {
        static JsonObject Validity(DateTimeOffset start) => new() { ["start"] = start.ToString("yyyy-MM-ddTHH:mm:ssZ") };
        static JsonObject Chain(params X509Certificate2[] certs) => new()
        {
            ["certificates"] = new JsonArray(certs.Select(c => (JsonNode)new JsonObject { ["rawBytes"] = Convert.ToBase64String(c.RawData) }).ToArray()),
        };
        JsonObject LogInstance(byte[] spki, string url) => new()
        {
            ["baseUrl"] = url,
            ["hashAlgorithm"] = "SHA2_256",
            ["publicKey"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(spki), ["keyDetails"] = "PKIX_ECDSA_P256_SHA_256", ["validFor"] = Validity(SigningTime.AddYears(-1)) },
            ["logId"] = new JsonObject { ["keyId"] = Convert.ToBase64String(SHA256.HashData(spki)) },
        };
        return new JsonObject
        {
            ["mediaType"] = "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
            ["tlogs"] = new JsonArray(LogInstance(Log.PublicKeyDer, "https://rekor.test")),
            ["certificateAuthorities"] = new JsonArray(new JsonObject
            {
                ["subject"] = new JsonObject { ["organization"] = "test", ["commonName"] = "sigstore-test" },
                ["uri"] = "https://fulcio.test",
                ["certChain"] = Chain(Intermediate, Root),
                ["validFor"] = Validity(SigningTime.AddYears(-1)),
            }),
            ["ctlogs"] = new JsonArray(LogInstance(CtLogKey.ExportSubjectPublicKeyInfo(), "https://ctfe.test")),
            ["timestampAuthorities"] = new JsonArray(new JsonObject
            {
                ["subject"] = new JsonObject { ["organization"] = "test", ["commonName"] = "tsa-test" },
                ["uri"] = "https://tsa.test",
                ["certChain"] = Chain(TsaCertificate, TsaRoot),
                ["validFor"] = Validity(SigningTime.AddYears(-1)),
            }),
        };
    }

    public byte[] TrustedRootBytes() => Encoding.UTF8.GetBytes(TrustedRootJson().ToJsonString());

    /// <summary>
    /// A Fulcio-like leaf: SAN (URI, or e-mail when it has an '@' and no ':'), the issuer extensions, code signing, and an
    /// embedded SCT list (<paramref name="rewriteSctList"/> may change the TLS-encoded list before it is embedded;
    /// <paramref name="caIssuersUrl"/> adds an authority information access extension naming where the issuer's
    /// certificate can be downloaded).
    /// </summary>
    public TestSigningCertificate IssueLeaf(
        string identity = WorkflowIdentity,
        string issuer = GitHubIssuer,
        DateTimeOffset? notBefore = null,
        TimeSpan? lifetime = null,
        ECDsa? ctLogKey = null,
        bool includeSct = true,
        bool tamperSct = false,
        bool legacyIssuerOnly = false,
        X509Certificate2? issuerCertificate = null,
        ECDsa? issuerKey = null,
        string? legacyIssuer = null,
        bool codeSigningUsage = true,
        Func<byte[], byte[]>? rewriteSctList = null,
        string? caIssuersUrl = null)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caCert = issuerCertificate ?? Intermediate;
        var caKey = issuerKey ?? IntermediateKey;
        var start = notBefore ?? SigningTime.AddMinutes(-1);
        var end = start + (lifetime ?? TimeSpan.FromMinutes(10));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;

        CertificateRequest NewRequest()
        {
            var request = new CertificateRequest(new X500DistinguishedName(string.Empty), key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
            if (codeSigningUsage)
            {
                request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.3") }, critical: false));
            }

            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(caCert, includeKeyIdentifier: true, includeIssuerAndSerial: false));
            if (caIssuersUrl is not null)
            {
                // Authority information access: where a chain builder that downloads would fetch the issuer.
                request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(null, new[] { caIssuersUrl }));
            }

            var san = new SubjectAlternativeNameBuilder();
            if (identity.Contains('@') && !identity.Contains(':'))
            {
                san.AddEmailAddress(identity);
            }
            else
            {
                san.AddUri(new Uri(identity));
            }

            request.CertificateExtensions.Add(san.Build(critical: true));
            request.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.57264.1.1", Encoding.UTF8.GetBytes(legacyIssuer ?? issuer), critical: false));
            if (!legacyIssuerOnly)
            {
                var writer = new AsnWriter(AsnEncodingRules.DER);
                writer.WriteCharacterString(UniversalTagNumber.UTF8String, issuer);
                request.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.57264.1.8", writer.Encode(), critical: false));
            }

            return request;
        }

        var generator = X509SignatureGenerator.CreateForECDsa(caKey);
        var request = NewRequest();
        if (includeSct)
        {
            // The precertificate: the same TBS without the SCT extension.
            var precert = request.Create(caCert.SubjectName, generator, start, end, serial);
            var tbs = ReadTbs(precert.RawData);
            var sctKey = ctLogKey ?? CtLogKey;
            var sctList = BuildSctList(sctKey, SHA256.HashData(caCert.PublicKey.ExportSubjectPublicKeyInfo()), tbs, start.AddSeconds(1), tamperSct);
            sctList = rewriteSctList?.Invoke(sctList) ?? sctList;
            var octets = new AsnWriter(AsnEncodingRules.DER);
            octets.WriteOctetString(sctList);
            request.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.11129.2.4.2", octets.Encode(), critical: false));
        }

        var cert = request.Create(caCert.SubjectName, generator, start, end, serial);
        return new TestSigningCertificate(X509CertificateLoader.LoadCertificate(cert.RawData), key);
    }

    /// <summary>A message-signature bundle of <paramref name="artifact"/>.</summary>
    public JsonObject BuildMessageBundle(byte[] artifact, TestSigningCertificate signer, TestBundleOptions? options = null)
    {
        options ??= new TestBundleOptions { EntryKind = "hashedrekord" };
        var digest = SHA256.HashData(artifact);
        var signature = signer.Key.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence);
        var content = new JsonObject
        {
            ["messageSignature"] = new JsonObject
            {
                ["messageDigest"] = new JsonObject { ["algorithm"] = "SHA2_256", ["digest"] = Convert.ToBase64String(digest) },
                ["signature"] = Convert.ToBase64String(signature),
            },
        };
        var body = options.EntryKind switch
        {
            null => null,
            "hashedrekord" => HashedRekordBody(digest, signature, PemCertificate(signer.Certificate)),
            _ => throw new ArgumentException("a message signature is logged as hashedrekord"),
        };
        return Assemble(options, signer.Certificate, signature, body, content);
    }

    /// <summary>A DSSE bundle of an in-toto statement JSON.</summary>
    public JsonObject BuildDsseBundle(byte[] statementJson, TestSigningCertificate signer, TestBundleOptions? options = null)
    {
        options ??= new TestBundleOptions { EntryKind = "dsse" };
        const string payloadType = "application/vnd.in-toto+json";
        var pae = Pae(payloadType, statementJson);
        var signature = signer.Key.SignData(pae, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var content = new JsonObject
        {
            ["dsseEnvelope"] = new JsonObject
            {
                ["payload"] = Convert.ToBase64String(statementJson),
                ["payloadType"] = payloadType,
                ["signatures"] = new JsonArray(new JsonObject { ["sig"] = Convert.ToBase64String(signature) }),
            },
        };
        var pem = PemCertificate(signer.Certificate);
        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(statementJson));
        byte[]? body = options.EntryKind switch
        {
            null => null,
            "dsse" => Json(new JsonObject
            {
                ["apiVersion"] = "0.0.1",
                ["kind"] = "dsse",
                ["spec"] = new JsonObject
                {
                    ["envelopeHash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content["dsseEnvelope"]!.ToJsonString()))) },
                    ["payloadHash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = payloadHash },
                    ["signatures"] = new JsonArray(new JsonObject { ["signature"] = Convert.ToBase64String(signature), ["verifier"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(pem)) }),
                },
            }),
            "intoto" => Json(new JsonObject
            {
                ["apiVersion"] = "0.0.2",
                ["kind"] = "intoto",
                ["spec"] = new JsonObject
                {
                    ["content"] = new JsonObject
                    {
                        ["envelope"] = new JsonObject
                        {
                            ["payloadType"] = payloadType,
                            ["signatures"] = new JsonArray(new JsonObject
                            {
                                ["publicKey"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(pem)),
                                ["sig"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(Convert.ToBase64String(signature))),
                            }),
                        },
                        ["hash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = payloadHash },
                        ["payloadHash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = payloadHash },
                    },
                },
            }),
            _ => throw new ArgumentException("unknown kind"),
        };
        return Assemble(options, signer.Certificate, signature, body, content);
    }

    /// <summary>An in-toto statement v1 about one subject.</summary>
    public static byte[] Statement(string name, byte[] sha256, string predicateType = "https://slsa.dev/provenance/v1")
        => Json(new JsonObject
        {
            ["_type"] = "https://in-toto.io/Statement/v1",
            ["subject"] = new JsonArray(new JsonObject { ["name"] = name, ["digest"] = new JsonObject { ["sha256"] = Convert.ToHexStringLower(sha256) } }),
            ["predicateType"] = predicateType,
            ["predicate"] = new JsonObject { ["buildDefinition"] = new JsonObject { ["buildType"] = "https://example.test/build" } },
        });

    public static byte[] HashedRekordBody(byte[] digest, byte[] signature, string pem) => Json(new JsonObject
    {
        ["apiVersion"] = "0.0.1",
        ["kind"] = "hashedrekord",
        ["spec"] = new JsonObject
        {
            ["data"] = new JsonObject { ["hash"] = new JsonObject { ["algorithm"] = "sha256", ["value"] = Convert.ToHexStringLower(digest) } },
            ["signature"] = new JsonObject
            {
                ["content"] = Convert.ToBase64String(signature),
                ["publicKey"] = new JsonObject { ["content"] = Convert.ToBase64String(Encoding.ASCII.GetBytes(pem)) },
            },
        },
    });

    public static string PemCertificate(X509Certificate2 certificate) => certificate.ExportCertificatePem() + "\n";

    /// <summary>A separate CA with its own key, not in the trusted root.</summary>
    public static (X509Certificate2 Certificate, ECDsa Key) CreateUntrustedCa(string name)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return (CreateCa(name, key, null, null, SigningTime.AddYears(-2), SigningTime.AddYears(5), codeSigning: true), key);
    }

    /// <summary>A TSA certificate issued by <paramref name="root"/>.</summary>
    public static (X509Certificate2 Certificate, ECDsa Key) CreateTsa(string name, X509Certificate2 root, ECDsa rootKey)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.8") }, critical: true));
        var serial = RandomNumberGenerator.GetBytes(8);
        serial[0] &= 0x7F;
        var cert = request.Create(root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), SigningTime.AddYears(-1), SigningTime.AddYears(3), serial);
        return (X509CertificateLoader.LoadCertificate(cert.RawData), key);
    }

    /// <summary>
    /// An RFC 3161 TimeStampResp over <paramref name="data"/> as a Sigstore bundle carries it: status granted, and the
    /// token, a CMS SignedData over a TSTInfo, built with AsnWriter.
    /// </summary>
    public static byte[] Timestamp(byte[] data, DateTimeOffset time, X509Certificate2 tsa, ECDsa tsaKey, int status = 0, bool embedCertificate = true, TestTimestampOptions? options = null)
    {
        var response = new AsnWriter(AsnEncodingRules.DER);
        using (response.PushSequence())
        {
            using (response.PushSequence())
            {
                response.WriteInteger(status);
            }

            response.WriteEncodedValue(TimestampToken(data, time, tsa, tsaKey, embedCertificate, options));
        }

        return response.Encode();
    }

    /// <summary>The bare RFC 3161 timestamp token (a CMS SignedData over a TSTInfo), without the TimeStampResp around it.</summary>
    public static byte[] TimestampToken(byte[] data, DateTimeOffset time, X509Certificate2 tsa, ECDsa tsaKey, bool embedCertificate = true, TestTimestampOptions? options = null)
    {
        options ??= new TestTimestampOptions();
        var hash = options.Hash;
        var hashOid = options.HashOid ?? (hash == HashAlgorithmName.SHA384 ? "2.16.840.1.101.3.4.2.2" : hash == HashAlgorithmName.SHA512 ? "2.16.840.1.101.3.4.2.3" : "2.16.840.1.101.3.4.2.1");
        byte[] Digest(byte[] bytes) => hash == HashAlgorithmName.SHA384 ? SHA384.HashData(bytes) : hash == HashAlgorithmName.SHA512 ? SHA512.HashData(bytes) : SHA256.HashData(bytes);
        var tst = new AsnWriter(AsnEncodingRules.DER);
        using (tst.PushSequence())
        {
            tst.WriteInteger(options.TstInfoVersion);
            tst.WriteObjectIdentifier("1.3.6.1.4.1.57264.2");
            using (tst.PushSequence())
            {
                using (tst.PushSequence())
                {
                    tst.WriteObjectIdentifier(hashOid);
                }

                tst.WriteOctetString(Digest(data));
            }

            tst.WriteInteger(RandomNumberGenerator.GetInt32(1, int.MaxValue));
            tst.WriteGeneralizedTime(time, omitFractionalSeconds: true);
        }

        var tstInfo = tst.Encode();
        var attributes = new AsnWriter(AsnEncodingRules.DER);
        using (attributes.PushSetOf())
        {
            using (attributes.PushSequence())
            {
                attributes.WriteObjectIdentifier("1.2.840.113549.1.9.3");
                using (attributes.PushSetOf())
                {
                    attributes.WriteObjectIdentifier(options.ContentTypeAttribute);
                }
            }

            using (attributes.PushSequence())
            {
                attributes.WriteObjectIdentifier("1.2.840.113549.1.9.4");
                using (attributes.PushSetOf())
                {
                    attributes.WriteOctetString(Digest(tstInfo));
                }
            }
        }

        var signedAttributes = attributes.Encode();
        var signature = options.Sign?.Invoke(signedAttributes) ?? tsaKey.SignData(signedAttributes, hash, DSASignatureFormat.Rfc3279DerSequence);
        var implicitAttributes = (byte[])signedAttributes.Clone();
        implicitAttributes[0] = 0xA0;

        var cms = new AsnWriter(AsnEncodingRules.DER);
        using (cms.PushSequence())
        {
            cms.WriteObjectIdentifier(options.ContentInfoType);
            using (cms.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (cms.PushSequence())
            {
                cms.WriteInteger(3);
                using (cms.PushSetOf())
                using (cms.PushSequence())
                {
                    cms.WriteObjectIdentifier(hashOid);
                }

                using (cms.PushSequence())
                {
                    cms.WriteObjectIdentifier(options.EncapsulatedContentType);
                    using (cms.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                    {
                        cms.WriteOctetString(tstInfo);
                    }
                }

                if (embedCertificate)
                {
                    using (cms.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                    {
                        cms.WriteEncodedValue(options.EmbeddedCertificate ?? tsa.RawData);
                    }
                }

                if (options.Crls)
                {
                    // crls [1] IMPLICIT RevocationInfoChoices: present, and empty.
                    using (cms.PushSetOf(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true)))
                    {
                    }
                }

                using (cms.PushSetOf())
                {
                    for (var i = 0; i < options.SignerCount; i++)
                    {
                        using (cms.PushSequence())
                        {
                            cms.WriteInteger(options.SignerBySubjectKeyIdentifier is null ? 1 : 3);
                            if (options.SignerBySubjectKeyIdentifier is { } keyId)
                            {
                                cms.WriteOctetString(keyId, new Asn1Tag(TagClass.ContextSpecific, 0));
                            }
                            else
                            {
                                using (cms.PushSequence())
                                {
                                    cms.WriteEncodedValue(tsa.IssuerName.RawData);
                                    cms.WriteInteger(tsa.SerialNumberBytes.Span);
                                }
                            }

                            using (cms.PushSequence())
                            {
                                cms.WriteObjectIdentifier(hashOid);
                            }

                            if (options.SignedAttributes)
                            {
                                cms.WriteEncodedValue(implicitAttributes);
                            }

                            using (cms.PushSequence())
                            {
                                cms.WriteObjectIdentifier("1.2.840.10045.4.3.2");
                            }

                            cms.WriteOctetString(signature);
                        }
                    }
                }

                if (options.TrailingSignedDataElement)
                {
                    cms.WriteNull();
                }
            }
        }

        return cms.Encode();
    }

    public static byte[] Json(JsonNode node) => Encoding.UTF8.GetBytes(node.ToJsonString());

    public static byte[] Pae(string type, byte[] payload)
        => Encoding.UTF8.GetBytes($"DSSEv1 {Encoding.UTF8.GetByteCount(type)} {type} {payload.Length} ").Concat(payload).ToArray();

    public void Dispose()
    {
        RootKey.Dispose();
        IntermediateKey.Dispose();
        CtLogKey.Dispose();
        Log.Dispose();
        TsaRootKey.Dispose();
        TsaKey.Dispose();
    }

    private JsonObject Assemble(TestBundleOptions options, X509Certificate2 leaf, byte[] signature, byte[]? body, JsonObject content)
    {
        var material = new JsonObject();
        if (options.Version == "0.3")
        {
            material["certificate"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(leaf.RawData) };
        }
        else
        {
            material["x509CertificateChain"] = new JsonObject
            {
                ["certificates"] = new JsonArray(new JsonObject { ["rawBytes"] = Convert.ToBase64String(leaf.RawData) }),
            };
        }

        var time = options.IntegratedTime ?? SigningTime;
        var entries = new JsonArray();
        if (body is not null)
        {
            var logged = options.BodyOverride ?? body;
            var index = Log.Append(logged);

            // A few entries after ours, so the tree is not a power of two and our leaf not the last.
            Log.Append(Encoding.UTF8.GetBytes("{\"after\":1}"));
            Log.Append(Encoding.UTF8.GetBytes("{\"after\":2}"));
            var size = Log.Size;
            var integrated = time.ToUnixTimeSeconds();
            var entry = new JsonObject
            {
                ["logIndex"] = index.ToString(),
                ["logId"] = new JsonObject { ["keyId"] = Convert.ToBase64String(Log.LogId) },
                ["kindVersion"] = new JsonObject { ["kind"] = options.EntryKind, ["version"] = options.EntryKind == "intoto" ? "0.0.2" : "0.0.1" },
                ["integratedTime"] = integrated.ToString(),
            };
            if (options.IncludePromise)
            {
                entry["inclusionPromise"] = new JsonObject { ["signedEntryTimestamp"] = Convert.ToBase64String(Log.SignEntryTimestamp(logged, integrated, index)) };
            }

            if (options.IncludeProof)
            {
                entry["inclusionProof"] = new JsonObject
                {
                    ["logIndex"] = index.ToString(),
                    ["rootHash"] = Convert.ToBase64String(Log.RootHash(size)),
                    ["treeSize"] = size.ToString(),
                    ["hashes"] = new JsonArray(Log.InclusionProof((int)index, size).Select(h => (JsonNode)Convert.ToBase64String(h)).ToArray()),
                    ["checkpoint"] = new JsonObject { ["envelope"] = Log.Checkpoint(size) },
                };
            }

            entry["canonicalizedBody"] = Convert.ToBase64String(logged);
            entries.Add(entry);
        }

        material["tlogEntries"] = entries;
        if (options.IncludeTimestamp)
        {
            var (tsaCert, tsaKey) = options.Tsa ?? (TsaCertificate, TsaKey);
            material["timestampVerificationData"] = new JsonObject
            {
                ["rfc3161Timestamps"] = new JsonArray(new JsonObject { ["signedTimestamp"] = Convert.ToBase64String(Timestamp(signature, time, tsaCert, tsaKey)) }),
            };
        }

        var bundle = new JsonObject
        {
            ["mediaType"] = options.Version == "0.3" ? "application/vnd.dev.sigstore.bundle.v0.3+json" : "application/vnd.dev.sigstore.bundle+json;version=" + options.Version,
            ["verificationMaterial"] = material,
        };
        foreach (var (name, value) in content.ToList())
        {
            content.Remove(name);
            bundle[name] = value;
        }

        return bundle;
    }

    private static X509Certificate2 CreateCa(string name, ECDsa key, X509Certificate2? issuer, ECDsa? issuerKey, DateTimeOffset notBefore, DateTimeOffset notAfter, bool codeSigning)
    {
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA384);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, issuer is not null, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        if (codeSigning)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.3") }, critical: false));
        }

        if (issuer is null)
        {
            using var self = request.CreateSelfSigned(notBefore, notAfter);
            return X509CertificateLoader.LoadCertificate(self.RawData);
        }

        var serial = RandomNumberGenerator.GetBytes(8);
        serial[0] &= 0x7F;
        var cert = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey!), notBefore, notAfter, serial);
        return X509CertificateLoader.LoadCertificate(cert.RawData);
    }

    private static byte[] ReadTbs(byte[] certificate)
    {
        var reader = new AsnReader(certificate, AsnEncodingRules.DER).ReadSequence();
        return reader.ReadEncodedValue().ToArray();
    }

    private static byte[] BuildSctList(ECDsa logKey, byte[] issuerKeyHash, byte[] tbs, DateTimeOffset time, bool tamper)
    {
        var timestamp = (ulong)time.ToUnixTimeMilliseconds();
        var signed = new List<byte> { 0, 0 };
        signed.AddRange(BitConverter.GetBytes(timestamp).Reverse());
        signed.AddRange(new byte[] { 0, 1 });
        signed.AddRange(issuerKeyHash);
        signed.AddRange(new[] { (byte)(tbs.Length >> 16), (byte)(tbs.Length >> 8), (byte)tbs.Length });
        signed.AddRange(tbs);
        signed.AddRange(new byte[] { 0, 0 });
        var signature = logKey.SignData(signed.ToArray(), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        if (tamper)
        {
            signature[^1] ^= 1;
        }

        var sct = new List<byte> { 0 };
        sct.AddRange(SHA256.HashData(logKey.ExportSubjectPublicKeyInfo()));
        sct.AddRange(BitConverter.GetBytes(timestamp).Reverse());
        sct.AddRange(new byte[] { 0, 0, 4, 3, (byte)(signature.Length >> 8), (byte)signature.Length });
        sct.AddRange(signature);
        var list = new List<byte> { (byte)((sct.Count + 2) >> 8), (byte)(sct.Count + 2), (byte)(sct.Count >> 8), (byte)sct.Count };
        list.AddRange(sct);
        return list.ToArray();
    }
}

/// <summary>How <see cref="SigstoreTestFixture.TimestampToken"/> deviates from a well-formed token (defaults: well formed).</summary>
public sealed record TestTimestampOptions
{
    /// <summary>The hash of the imprint, the signed attributes and the signature.</summary>
    public HashAlgorithmName Hash { get; init; } = HashAlgorithmName.SHA256;

    /// <summary>The algorithm OID written for it, when not the one of <see cref="Hash"/>.</summary>
    public string? HashOid { get; init; }

    /// <summary>The ContentInfo's type (SignedData).</summary>
    public string ContentInfoType { get; init; } = "1.2.840.113549.1.7.2";

    /// <summary>The encapsulated content's type (TSTInfo).</summary>
    public string EncapsulatedContentType { get; init; } = "1.2.840.113549.1.9.16.1.4";

    /// <summary>The value of the signed content-type attribute (TSTInfo).</summary>
    public string ContentTypeAttribute { get; init; } = "1.2.840.113549.1.9.16.1.4";

    /// <summary>The TSTInfo's version (1).</summary>
    public int TstInfoVersion { get; init; } = 1;

    /// <summary>How many SignerInfos (each the same signer).</summary>
    public int SignerCount { get; init; } = 1;

    /// <summary>Whether the SignerInfo carries signed attributes.</summary>
    public bool SignedAttributes { get; init; } = true;

    /// <summary>Name the signer by this subject key identifier instead of issuer and serial number.</summary>
    public byte[]? SignerBySubjectKeyIdentifier { get; init; }

    /// <summary>Signs the DER signed attributes instead of the TSA's ECDSA key (e.g. an RSA key).</summary>
    public Func<byte[], byte[]>? Sign { get; init; }

    /// <summary>The bytes embedded as the certificate instead of the TSA's.</summary>
    public byte[]? EmbeddedCertificate { get; init; }

    /// <summary>Whether the SignedData carries an (empty) crls field.</summary>
    public bool Crls { get; init; }

    /// <summary>Whether an element follows the signer infos inside the SignedData.</summary>
    public bool TrailingSignedDataElement { get; init; }
}
